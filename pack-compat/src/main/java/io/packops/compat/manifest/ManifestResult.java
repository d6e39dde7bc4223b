package io.packops.compat.manifest;

import java.util.List;
import java.util.Objects;

/** Either a pack (no errors) or every error found, never both. */
public record ManifestResult(DashboardPack pack, List<ManifestError> errors) {
    public ManifestResult {
        errors = List.copyOf(errors);
    }

    public static ManifestResult ok(DashboardPack pack) {
        return new ManifestResult(Objects.requireNonNull(pack, "pack"), List.of());
    }

    public static ManifestResult failed(List<ManifestError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a failed result needs at least one error");
        }
        return new ManifestResult(null, errors);
    }

    public boolean isValid() {
        return pack != null && errors.isEmpty();
    }
}
