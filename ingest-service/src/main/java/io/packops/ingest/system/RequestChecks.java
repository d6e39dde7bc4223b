package io.packops.ingest.system;

import io.packops.servicekit.paging.PageLimit;
import io.packops.servicekit.problem.Problem;
import io.packops.compat.manifest.SemVer;
import io.packops.compat.manifest.Slugs;

import java.util.List;
import java.util.regex.Pattern;

/** Checks of path and query parameters that answer 400 with the parameter named as the field. */
public final class RequestChecks {

    public static final int DEFAULT_LIMIT = PageLimit.DEFAULT;
    public static final int MAX_LIMIT = PageLimit.MAX;
    public static final int MAX_ACCOUNT_ID_LENGTH = 200;

    /** A dbt Hub name ({@code fivetran/stripe}) or a project name ({@code dbt_stripe}): lower-case, at most one slash. */
    public static final Pattern DBT_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}(/[a-z0-9][a-z0-9_.-]{0,99})?");

    private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");

    private RequestChecks() {
    }

    public static String slug(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, field + " is required");
        }
        String error = Slugs.slugError(value);
        if (error != null) {
            throw invalid(field, error);
        }
        return value;
    }

    public static String optionalSlug(String field, String value) {
        return value == null || value.isEmpty() ? null : slug(field, value);
    }

    public static SemVer semver(String field, String value) {
        String error = SemVer.semverError(value);
        if (error != null) {
            throw invalid(field, error);
        }
        return SemVer.parse(value);
    }

    public static String fingerprint(String field, String value) {
        if (value == null || !FINGERPRINT.matcher(value).matches()) {
            throw invalid(field, "expected a schema fingerprint: sha256: followed by 64 lower-case hex digits");
        }
        return value;
    }

    /** Account ids are the producer's (e.g. acct_123): non-blank, at most 200 characters, no whitespace. */
    public static String accountIdError(String value) {
        if (value == null || value.isEmpty()) {
            return "accountId is required";
        }
        if (value.length() > MAX_ACCOUNT_ID_LENGTH) {
            return "at most " + MAX_ACCOUNT_ID_LENGTH + " characters, found " + value.length();
        }
        if (value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "must not contain whitespace or control characters";
        }
        return null;
    }

    public static String accountId(String field, String value) {
        String error = accountIdError(value);
        if (error != null) {
            throw invalid(field, error);
        }
        return value;
    }

    public static int limit(String text) {
        return PageLimit.parse(text, RequestChecks::invalid);
    }

    public static boolean flag(String field, String text, boolean byDefault) {
        if (text == null || text.isEmpty()) {
            return byDefault;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(field, "must be true or false, found \"" + text + "\"");
        };
    }

    private static InvalidInput invalid(String field, String message) {
        return new InvalidInput("invalid " + field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}
