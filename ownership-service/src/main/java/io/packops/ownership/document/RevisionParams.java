package io.packops.ownership.document;

import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parameters of the {@code /v1/ownership} endpoints: {@code If-Match}, revision numbers, pages and cursors; 400s say why. */
final class RevisionParams {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final String CURSOR_KIND = "revisions:";
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private RevisionParams() {
    }

    /** {@code If-Match: "3"} → 3; {@code "0"} means "no revision yet"; absent → no condition. */
    static OptionalLong expectedRevision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return OptionalLong.empty();
        }
        Matcher m = IF_MATCH.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw ProblemException.badRequest("invalid If-Match header", List.of(new Problem.FieldError("If-Match",
                    "must be the revision the change is based on, as the ETag of GET /v1/ownership gives it, e.g. \"3\"")));
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid limit",
                List.of(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
    }

    static long revisionNumber(String revision) {
        try {
            long n = Long.parseLong(revision);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid revision",
                List.of(new Problem.FieldError("revision", "must be a revision number (1, 2, ...)")));
    }

    /** Opaque keyset cursor: base64url of {@code revisions:<last revision of the page>}. */
    static String encodeCursor(long lastRevision) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_KIND + lastRevision).getBytes(StandardCharsets.UTF_8));
    }

    static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_KIND)) {
                return Long.parseLong(text.substring(CURSOR_KIND.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below (NumberFormatException is one)
        }
        throw ProblemException.badRequest("invalid cursor", List.of(new Problem.FieldError("cursor",
                "not a cursor returned by this list; start again without one")));
    }
}
