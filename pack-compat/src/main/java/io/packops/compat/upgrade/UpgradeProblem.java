package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.RenameSuggestion;

import io.packops.compat.check.Problem;

/**
 * A problem of a pack against the upgraded schema, with what the upgrade did to cause it ({@code cause}, null when
 * the diff does not explain it) and the rename suggested for the removed column or model ({@code rename}, null when
 * there is none).
 */
public record UpgradeProblem(Problem problem, String cause, RenameSuggestion rename) {

    /** The suggested new name ({@code did you mean ...?}), or null. */
    public String didYouMean() {
        return rename == null ? null : rename.to();
    }
}
