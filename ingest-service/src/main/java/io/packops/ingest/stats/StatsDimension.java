package io.packops.ingest.stats;

import java.util.Locale;

/** What stats can be filtered and grouped by: the API's parameter name and the events column. */
public enum StatsDimension {
    CONNECTOR("connector"),
    PACK("pack"),
    VERSION("pack_version"),
    WAREHOUSE("warehouse"),
    DASHBOARD("dashboard"),
    TILE("tile");

    private final String column;

    StatsDimension(String column) {
        this.column = column;
    }

    /** The name in the API ({@code groupBy=version}, {@code "version": "1.4.0"}). */
    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String column() {
        return column;
    }

    /** Only render events have a dashboard and a tile. */
    public boolean renderOnly() {
        return this == DASHBOARD || this == TILE;
    }

    public static StatsDimension fromParam(String param) {
        for (StatsDimension d : values()) {
            if (d.param().equals(param)) {
                return d;
            }
        }
        return null;
    }
}
