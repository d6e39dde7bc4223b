package io.packops.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's {@code comingReleases}: what each registered coming release of the connector's dbt package would break
 * in this version when accounts upgrade. It never blocks the publish (the pack compiles today); it says what to fix
 * before the package ships.
 */
final class ComingReleases {

    private static final int TILES_LISTED = 5;

    private ComingReleases() {
    }

    static void print(PrintWriter out, JsonNode gate) {
        for (JsonNode r : gate.path("comingReleases")) {
            String release = r.path("dbtPackage").asText() + " " + r.path("version").asText();
            if (!r.path("breaks").asBoolean()) {
                out.println("coming release " + release + ": breaks no tile of this version");
                continue;
            }
            List<String> tiles = new ArrayList<>();
            for (JsonNode t : r.path("brokenTiles")) {
                List<String> why = new ArrayList<>();
                for (JsonNode p : t.path("problems")) {
                    String col = p.path("column").asText(p.path("relation").asText("?"));
                    why.add(col + (p.hasNonNull("didYouMean") ? " → " + p.path("didYouMean").asText() + "?" : ""));
                }
                tiles.add(t.path("item").asText() + " (" + String.join(", ", why.stream().distinct().toList()) + ")");
            }
            out.println("coming release " + release + " (accounts on " + r.path("from").asText() + ") BREAKS this version"
                    + " for " + r.path("accounts").asLong() + " accounts when they upgrade: "
                    + String.join("; ", tiles.stream().limit(TILES_LISTED).toList())
                    + (tiles.size() > TILES_LISTED ? "; and " + (tiles.size() - TILES_LISTED) + " more" : "")
                    + " — fix it before the package ships (packops upgrade-check shows each line)");
        }
    }
}
