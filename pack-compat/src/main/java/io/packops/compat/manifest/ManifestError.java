package io.packops.compat.manifest;

/**
 * One thing wrong with a manifest: where ({@code dashboards[0].tiles[2].id}), the 1-based line and
 * column in the file, and what.
 */
public record ManifestError(String path, int line, int column, String message) {
    @Override
    public String toString() {
        return line + ":" + column + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
