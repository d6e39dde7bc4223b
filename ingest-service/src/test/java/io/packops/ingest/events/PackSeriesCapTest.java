package io.packops.ingest.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.ingest.packs.RegistryFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.packops.ingest.events.TestEvents.failedInstall;
import static io.packops.ingest.events.TestEvents.install;
import static io.packops.ingest.events.TestEvents.json;
import static io.packops.ingest.events.TestEvents.prefix;
import static io.packops.ingest.events.TestEvents.render;
import static io.packops.ingest.events.TestEvents.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code packops_pack_events_total} has a series per published pack version only, and never more than
 * {@code packops.metrics.max-pack-series} (here {@value CapProfile#CAP}) whatever producers send. Its own application
 * (profile), so the series counted are this class's alone; the junk test runs first, so a published pack still finds
 * room after it.
 */
@QuarkusTest
@TestProfile(PackSeriesCapTest.CapProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackSeriesCapTest {

    public static class CapProfile extends FixedClockProfile {
        static final int CAP = 40;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("packops.metrics.max-pack-series", String.valueOf(CAP));
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void forgedPackNamesAddAtMostOneSeriesAndAPublishedPackStillGetsItsOwn() {
        int before = seriesInRegistry();
        String p = prefix("junk");
        for (int batch = 0; batch < 10; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String n = batch + "-" + i;
                events.add(with(install(p + n), "pack", "forged-" + p + n));
            }
            post(events);
        }
        int afterJunk = seriesInRegistry();
        System.out.printf("pack series: %d before, %d after 10,000 forged pack names (cap %d)%n",
                before, afterJunk, CapProfile.CAP);
        assertThat(afterJunk - before).as("10,000 forged pack names").isLessThanOrEqualTo(1);
        assertThat(counted("unregistered", "unregistered")).isGreaterThanOrEqualTo(10_000.0);

        String pack = RegistryFixtures.unique("capped");
        publish(pack, "2.1.0");
        post(List.of(with(with(install(prefix("real") + 1), "pack", pack), "packVersion", "2.1.0")));

        assertThat(counted(pack, "2.1.0")).as("a published pack after the junk").isEqualTo(1.0);
        assertThat(seriesInRegistry()).isEqualTo(afterJunk + 1).isLessThanOrEqualTo(CapProfile.CAP);
        assertThat(seriesScraped()).isEqualTo(seriesInRegistry());
    }

    @Test
    @Order(2)
    void publishedVersionsPastTheCapCountInOtherAndJunkNeverTakesTheirRoom() {
        String pack = RegistryFixtures.unique("many");
        String p = prefix("cap");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int v = 0; v < 7; v++) {
            String version = "1.0." + v;
            publish(pack, version);
            // four series per version: install and render, succeeded and failed
            for (Map<String, Object> e : List.of(install(p + v + "a"), failedInstall(p + v + "b", "SQL_COMPILATION", "x"),
                    render(p + v + "c"), with(with(render(p + v + "d"), "outcome", "failed"), "errorCode", "RENDER_TIMEOUT"))) {
                events.add(with(with(e, "pack", pack), "packVersion", version));
            }
        }
        post(events);
        // junk once the cap is reached still goes to unregistered: no new series, nothing more folded
        double unregistered = counted("unregistered", "unregistered");
        List<Map<String, Object>> junk = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            junk.add(with(with(render(p + "junk" + i), "pack", "forged-late-" + i), "packVersion", "9.9." + i));
        }
        post(junk);

        int series = seriesInRegistry();
        double own = registry.find("packops.pack.events").tag("pack", pack).counters().stream().mapToDouble(Counter::count).sum();
        long ownSeries = registry.find("packops.pack.events").tag("pack", pack).counters().size();
        double other = counted("other", "other");
        double folded = registry.get("packops.pack.events.series.folded").gauge().value();
        System.out.printf("pack series: %d of cap %d; %d own series of %s, %.0f combinations folded into other%n",
                series, CapProfile.CAP, ownSeries, pack, folded);

        assertThat(series).isLessThanOrEqualTo(CapProfile.CAP);
        assertThat(seriesScraped()).isEqualTo(series);
        assertThat(other).as("each folded combination had one event").isEqualTo(folded).isPositive();
        assertThat(own + other).as("no event lost").isEqualTo(28.0);
        assertThat(ownSeries + (long) folded).isEqualTo(28);
        assertThat(counted("unregistered", "unregistered") - unregistered).isEqualTo(500.0);
        assertThat(registry.get("packops.pack.events.series").gauge().value()).isEqualTo(series);
    }

    private int seriesInRegistry() {
        return registry.find("packops.pack.events").counters().size();
    }

    private static long seriesScraped() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("packops_pack_events_total{")).count();
    }

    private double counted(String pack, String version) {
        return registry.find("packops.pack.events").tag("pack", pack).tag("version", version).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static void publish(String pack, String version) {
        RegistryFixtures.publishSample(pack, "stripe", version);
    }

    private static void post(List<Map<String, Object>> events) {
        given().auth().oauth2("test-ingest").contentType("application/json").body(json(events)).when().post("/v1/events")
                .then().statusCode(202).body("accepted", org.hamcrest.Matchers.is(events.size()));
    }
}
