package io.packops.alerting.paging;

import io.packops.testsupport.receivers.BadReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, items 2 and 6 at the dispatcher: a team webhook that answers 200 and then drips a byte a second holds only
 * its own lane — another team's PagerDuty page is delivered at once, the backlog gauge stays live, and the dripping page
 * is recorded as a timeout at the deadline and retried; a huge answer is cut at the cap; a route to this network is
 * refused at send time, after DNS, whatever its spelling.
 */
@QuarkusTest
@WithTestResource(BadReceiverPagingResource.class)
class SlowReceiverIsolationTest extends PagingTestBase {

    static PageRequest requestTo(long alertId, String team, PageRequest.Routes routes) {
        String dedup = "install-failure-rate{connector=stripe,pack=" + team + ",version=1." + alertId + ".0}";
        return new PageRequest(alertId, dedup, "trigger", "install-failure-rate",
                Map.of("connector", "stripe", "pack", team, "version", "1." + alertId + ".0"), "critical",
                team + " failing", Map.of(), null, null, team, 1, List.of("bo"), T0, routes);
    }

    static PageRequest.Routes webhook(String team, String url) {
        return new PageRequest.Routes(team, null, null, url);
    }

    PageRequest.Routes pagerDutyOnly(String team) {
        return new PageRequest.Routes(team, TEAM_ROUTING_KEY, null, null);
    }

    Delivery only(long alertId) {
        List<Delivery> d = pager.deliveries(alertId);
        assertThat(d).hasSize(1);
        return d.get(0);
    }

    static long msSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void aDrippingWebhookDelaysOnlyItsOwnPages() {
        BadReceiver bad = BadReceiverPagingResource.receiver;
        int dripsBefore = bad.requests("/drip").size();
        double retriesBefore = counter("packops.pages.sent", "channel", "webhook", "outcome", "retry");
        page(requestTo(60, "team-a", webhook("team-a", bad.url() + "/drip/team-a")));
        page(requestTo(61, "team-b", pagerDutyOnly("team-b")));

        long start = System.nanoTime();
        List<CompletableFuture<Integer>> lanes = dispatcher.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> only(61).state().equals("delivered"));
        long teamB = msSince(start);
        assertThat(teamB).as("team B's PagerDuty page does not wait for team A's dripping webhook").isLessThan(3_000L);
        assertThat(only(60).attempts()).as("team A's send still hangs").isZero();
        await().atMost(Duration.ofSeconds(2)).until(() -> bad.requests("/drip").size() == dripsBefore + 1);

        // the backlog gauge is a query of its own: live while the send hangs
        long refresh = System.nanoTime();
        dispatcher.refreshBacklog();
        assertThat(msSince(refresh)).isLessThan(1_000L);
        // (the gauges' objects: Micrometer's global registry keeps the first test application's meters in this JVM)
        assertThat(dispatcher.backlogGauge()).as("team A's page waits").isEqualTo(1);
        assertThat(dispatcher.inFlightGauge()).isEqualTo(1);
        assertThat(only(60).attempts()).as("still hanging while the gauges were read").isZero();

        // a later page of team B is claimed and sent while team A's lane still hangs
        page(requestTo(62, "team-b", pagerDutyOnly("team-b")));
        long second = System.nanoTime();
        lanes = concat(lanes, dispatcher.start());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> only(62).state().equals("delivered"));
        long teamBAgain = msSince(second);

        lanes.forEach(CompletableFuture::join);
        long teamA = msSince(start);
        System.out.printf("SlowReceiverIsolationTest: team B delivered after %d ms and %d ms while team A's webhook"
                + " dripped; team A's exchange ended after %d ms (deadline 5 s)%n", teamB, teamBAgain, teamA);
        assertThat(teamBAgain).isLessThan(3_000L);
        assertThat(teamA).as("team A's exchange is bounded by the deadline, body included").isBetween(4_900L, 8_000L);
        Delivery a = only(60);
        assertThat(a.state()).as("retried later").isEqualTo("pending");
        assertThat(a.attempts()).isEqualTo(1);
        assertThat(a.lastError()).isEqualTo("timeout after 5 s");
        assertThat(a.nextAttemptAt()).isAfter(T0);
        assertThat(counter("packops.pages.sent", "channel", "webhook", "outcome", "retry")).isEqualTo(retriesBefore + 1);
        assertThat(bodies("/v2/enqueue")).extracting(b -> b.path("routing_key").asText()).containsOnly(TEAM_ROUTING_KEY);
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    @Test
    void aHugeAnswerIsCutAtTheCapAndNeverKept() {
        BadReceiver bad = BadReceiverPagingResource.receiver;
        page(requestTo(63, "team-a", webhook("team-a", bad.url() + "/huge/team-a")));

        long start = System.nanoTime();
        dispatcher.dispatch();

        assertThat(msSince(start)).as("well within the 5 s deadline").isLessThan(3_000L);
        Delivery d = only(63);
        assertThat(d.lastStatus()).isEqualTo(500);
        assertThat(d.lastError()).isEqualTo("HTTP 500, body over 64 KB");
        assertThat(d.state()).isEqualTo("pending");
        assertThat(bad.hugeBytesWritten()).isLessThan(20L * 1024 * 1024);
    }

    @Test
    void aRouteToThisNetworkIsRefusedAtSendTime() throws Exception {
        BadReceiver bad = BadReceiverPagingResource.receiver;
        int port = bad.port();
        // the allow-listed receiver under other spellings of its address: not the allowed pair
        page(requestTo(64, "team-c", webhook("team-c", "http://127.0.0.1:" + port + "/ok/literal")));
        page(requestTo(65, "team-c", webhook("team-c", "http://[::ffff:127.0.0.1]:" + port + "/ok/mapped")));
        page(requestTo(66, "team-c", webhook("team-c", "http://2130706433:" + port + "/ok/decimal")));
        page(requestTo(67, "team-c", webhook("team-c", "http://169.254.169.254/latest/meta-data/")));

        dispatcher.dispatch();

        for (long id = 64; id <= 67; id++) {
            Delivery d = only(id);
            assertThat(d.state()).as("alert %d", id).isEqualTo("failed");
            assertThat(d.lastError()).as("alert %d", id).startsWith("destination refused: host is a")
                    .doesNotContain(Integer.toString(port));
        }
        assertThat(bad.requests("/ok")).as("nothing reached the receiver").isEmpty();
        assertThat(failedPages.seen()).hasSize(4)
                .allSatisfy(f -> assertThat(f.reason()).isEqualTo(PageDeliveryFailed.REJECTED));

        // a name that DNS (here /etc/hosts) resolves to this network: this machine's own name
        String own = InetAddress.getLocalHost().getHostName();
        boolean local = Arrays.stream(InetAddress.getAllByName(own))
                .anyMatch(a -> io.packops.servicekit.outbound.OutboundAddressPolicy.forbidden(a) != null);
        assumeThat(local).as("this machine's name resolves to a local address").isTrue();
        page(requestTo(68, "team-c", webhook("team-c", "http://" + own + ":" + port + "/ok/by-name")));
        dispatcher.dispatch();
        assertThat(only(68).lastError()).startsWith("destination refused: host resolves to a");
        assertThat(bad.requests("/ok")).isEmpty();
    }
}
