package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Each new pack release becomes one PagerDuty change event; releases out before the first look do not. */
@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class ReleaseAnnouncerTest extends PagingTestBase {

    @Inject
    ReleaseAnnouncer announcer;

    @Inject
    EntityManager em;

    static PackVersion version(String v) {
        return new PackVersion("stripe-revenue", v, "stripe", "active", T0, null, null);
    }

    @Test
    void newReleaseIsAnnouncedOnceAndOldOnesNever() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from release_announcement").executeUpdate());

        // first look: 1.0.0 and 1.1.0 are already out; recorded, not announced
        assertThat(announcer.announce(List.of(version("1.0.0"), version("1.1.0")))).isEmpty();
        // 1.2.0 appears; two replicas poll at once: one change event
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<PackVersion> now = List.of(version("1.0.0"), version("1.1.0"), version("1.2.0"));
        Callable<List<String>> poll = () -> announcer.announce(now);
        List<Future<List<String>>> polls = pool.invokeAll(List.of(poll, poll));
        pool.shutdown();
        assertThat(polls.get(0).get().size() + polls.get(1).get().size()).isEqualTo(1);
        assertThat(announcer.announce(now)).isEmpty();
        dispatcher.dispatch();

        List<JsonNode> changes = bodies("/v2/change/enqueue");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(changes.get(0).path("payload").path("summary").asText()).isEqualTo("Pack stripe-revenue 1.2.0 released (stripe)");
    }
}
