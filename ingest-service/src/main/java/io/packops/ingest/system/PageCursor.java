package io.packops.ingest.system;

import io.packops.servicekit.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors for list endpoints: base64url of {@code <kind>:<last key of the page>}. The
 * kind keeps a cursor of one list from being replayed against another.
 */
public final class PageCursor {

    private PageCursor() {
    }

    public static String encode(String kind, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The last key of the previous page, null without a cursor; 400 when it is not one of ours. */
    public static String decode(String kind, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        if (!text.startsWith(kind + ":") || text.length() == kind.length() + 1) {
            throw new InvalidInput("invalid cursor",
                    List.of(new Problem.FieldError("cursor", "not a cursor returned by this list; start again without one")));
        }
        return text.substring(kind.length() + 1);
    }
}
