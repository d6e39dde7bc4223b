package io.packops.ingest.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    private final EventValidator validator = new EventValidator(Duration.ofMinutes(5), Duration.ofDays(30));

    private static TelemetryEvent install(String occurredAt) {
        return new TelemetryEvent("e1", "install", occurredAt, "acct_1", "stripe", "stripe-revenue", "1.4.0", "snowflake",
                "succeeded", "run", null, null, null, null, 10L);
    }

    @Test
    void offsetsAreNormalisedToUtcAndLowerCaseSeparatorsAccepted() {
        assertThat(validator.validate(install("2026-03-15t13:00:00.5+01:00"), NOW).event().occurredAt())
                .isEqualTo(Instant.parse("2026-03-15T12:00:00.5Z"));
        assertThat(validator.validate(install("2026-03-15T12:00:00z"), NOW).errors()).isEmpty();
    }

    @Test
    void nanosecondsAreCutToMicrosecondsLikePostgres() {
        assertThat(validator.validate(install("2026-03-15T11:00:00.123456789Z"), NOW).event().occurredAt())
                .isEqualTo(Instant.parse("2026-03-15T11:00:00.123456Z"));
    }

    @Test
    void futureSkewAndRetentionBoundariesAreInclusive() {
        assertThat(validator.validate(install("2026-03-15T12:05:00Z"), NOW).errors()).isEmpty();
        assertThat(validator.validate(install("2026-03-15T12:05:00.000001Z"), NOW).errors()).hasSize(1);
        assertThat(validator.validate(install("2026-02-13T12:00:00Z"), NOW).errors()).isEmpty();
        assertThat(validator.validate(install("2026-02-13T11:59:59.999999Z"), NOW).errors().get(0).message())
                .contains("older than the retention of 30 days");
    }

    @Test
    void everyBrokenFieldIsReportedAtOnce() {
        var event = new TelemetryEvent(null, "view", "soon", "", "Stripe", "p", "1", null, "maybe", null, null, null, null,
                null, -5L);
        assertThat(validator.validate(event, NOW).errors()).extracting(e -> e.field())
                .containsExactly("eventId", "type", "occurredAt", "accountId", "connector", "packVersion", "outcome", "durationMs");
    }

    @Test
    void renderEventsNeedDashboardAndTileButNoWarehouse() {
        var render = new TelemetryEvent("e2", "render", "2026-03-15T11:00:00Z", "acct_1", "stripe", "stripe-revenue", "1.4.0",
                null, "failed", null, "revenue", "gross_volume", "42P01", "relation does not exist", 120L);
        assertThat(validator.validate(render, NOW).errors()).isEmpty();
    }

    @Test
    void warehouseErrorCodesOfEveryDialectAreAccepted() {
        for (String code : new String[] {"SQL_COMPILATION", "002003", "42P01", "UNRESOLVED_COLUMN.WITH_SUGGESTION", "invalidQuery", "ORA-00904"}) {
            var event = new TelemetryEvent("e3", "install", "2026-03-15T11:00:00Z", "acct_1", "stripe", "stripe-revenue",
                    "1.4.0", "bigquery", "failed", "compile", null, null, code, "x", null);
            assertThat(validator.validate(event, NOW).errors()).as(code).isEmpty();
        }
    }
}
