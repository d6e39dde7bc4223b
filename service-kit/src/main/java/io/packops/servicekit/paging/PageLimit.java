package io.packops.servicekit.paging;

import java.util.function.BiFunction;

/** The {@code limit} query parameter of the services' paged lists: 1 to 500, 50 when absent. */
public final class PageLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageLimit() {
    }

    /**
     * Taken as text: JAX-RS answers 404 when a query parameter does not convert, which misleads. A mistake is thrown
     * as {@code invalid.apply("limit", why)}, the service's own 400 (a problem, or a domain exception it maps).
     */
    public static int parse(String text, BiFunction<String, String, ? extends RuntimeException> invalid) {
        if (text == null || text.isEmpty()) {
            return DEFAULT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid.apply("limit", "must be a number between 1 and " + MAX + ", found \"" + text + "\"");
        }
        if (limit < 1 || limit > MAX) {
            throw invalid.apply("limit", "must be between 1 and " + MAX + ", found " + limit);
        }
        return limit;
    }
}
