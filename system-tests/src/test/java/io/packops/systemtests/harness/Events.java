package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Install events as ingest's {@code POST /v1/events} takes them (DESIGN "Telemetry events"). */
public final class Events {

    private Events() {
    }

    /** One install event of {@code pack} {@code version} for {@code connector}, failed or succeeded. */
    public static ObjectNode install(String eventId, String connector, String pack, String version, boolean failed,
                                     Instant occurredAt) {
        ObjectNode e = Api.JSON.createObjectNode();
        e.put("eventId", eventId);
        e.put("type", "install");
        e.put("occurredAt", occurredAt.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("accountId", "acct_" + Math.floorMod(eventId.hashCode(), 5000));
        e.put("connector", connector);
        e.put("pack", pack);
        e.put("packVersion", version);
        e.put("warehouse", "snowflake");
        e.put("outcome", failed ? "failed" : "succeeded");
        e.put("stage", "compile");
        if (failed) {
            e.put("errorCode", "SQL_COMPILATION");
            e.put("errorMessage", "SQL compilation error: invalid identifier 'AMOUNT'");
        }
        e.put("durationMs", 1200);
        return e;
    }

    /** A JSON array body of {@code events}. */
    public static byte[] batch(List<ObjectNode> events) {
        ArrayNode array = Api.JSON.createArrayNode();
        events.forEach(array::add);
        return array.toString().getBytes(StandardCharsets.UTF_8);
    }
}
