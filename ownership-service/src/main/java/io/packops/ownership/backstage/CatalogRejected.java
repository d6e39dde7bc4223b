package io.packops.ownership.backstage;

import io.packops.ownership.document.validation.Violation;

import java.util.List;

/**
 * A catalog that cannot be imported: {@link #malformed} (not YAML or JSON, an empty body; answered 400) or
 * {@link #unusable} (entities without kind or name, nothing that becomes a team; 422), with every violation found.
 */
public class CatalogRejected extends RuntimeException {

    private final boolean malformed;
    private final List<Violation> violations;

    private CatalogRejected(boolean malformed, String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.malformed = malformed;
        this.violations = List.copyOf(violations);
    }

    public static CatalogRejected malformed(String detail, List<Violation> violations) {
        return new CatalogRejected(true, detail, violations);
    }

    public static CatalogRejected unusable(String detail, List<Violation> violations) {
        return new CatalogRejected(false, detail, violations);
    }

    /** True when the body could not be read at all; false when it was read but holds nothing importable. */
    public boolean malformed() {
        return malformed;
    }

    public List<Violation> violations() {
        return violations;
    }
}
