package io.packops.ingest.stats;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a stats page: the window end of the first page (so every page is
 * evaluated over the same window), the offset of the next page and the query it belongs to.
 */
public record StatsCursor(Instant to, int offset, String queryKey) {

    public String encode() {
        String raw = "v1|" + to.toEpochMilli() + "|" + offset + "|" + queryKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded cursor, or null when it is not one of ours. */
    public static StatsCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 4 || !parts[0].equals("v1")) {
                return null;
            }
            int offset = Integer.parseInt(parts[2]);
            return offset < 0 ? null : new StatsCursor(Instant.ofEpochMilli(Long.parseLong(parts[1])), offset, parts[3]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
