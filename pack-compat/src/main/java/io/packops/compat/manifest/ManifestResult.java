package io.packops.compat.manifest;

import java.util.List;

/** Either a pack (no errors) or every error found, never both. */
public record ManifestResult(DashboardPack pack, List<ManifestError> errors) {
    public ManifestResult {
        errors = List.copyOf(errors);
    }

    public boolean isValid() {
        return pack != null && errors.isEmpty();
    }
}
