package io.packops.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.launcher.FakePager.Page;
import io.packops.systemtests.harness.Alerting.Version;
import io.packops.systemtests.harness.Alerting;
import io.packops.systemtests.harness.PagingStack;
import io.packops.systemtests.harness.Running;
import io.packops.systemtests.harness.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ownership down: ownership-service is SIGKILLed, then a stripe pack version starts failing. The alert fires with its
 * owner unknown and the fallback routing key is paged at once; when ownership-service is back, the alert takes its
 * real owner and follows the real policy: billing-packs' routing key is paged at level 1 (within the 30 s the lookup's
 * circuit breaker stays open, plus an escalation tick), then level 2 once the policy's (scaled) 15 minutes have passed
 * since the first page. Each page exactly once.
 */
class OwnershipDownIT {

    /** The policy's 15 minutes, scaled. */
    static final Duration LEVEL_TWO_AFTER = Duration.ofSeconds(30);
    static final Version VERSION = new Version("stripe", "ownerless-pack", "3.0.0");

    @RegisterExtension
    static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("OwnershipDownIT", 1,
            PagingStack.levelTwoAfter(LEVEL_TWO_AFTER), List.of()), PagingStack::start);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theFallbackIsPagedWhileOwnershipIsDownThenTheRealPolicyIsFollowed() {
        PagingStack stack = STACK.get();
        stack.ownership.kill();
        stack.failInstalls(List.of(VERSION), 6);

        String key = VERSION.dedupKey();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> !stack.alerts("pack=" + VERSION.pack()).isEmpty());
        long id = stack.alerts("pack=" + VERSION.pack()).get(0).path("id").asLong();
        JsonNode fired = stack.alert(id);
        assertThat(fired.path("ownerKnown").asBoolean()).isFalse();
        assertThat(fired.path("ownerTeam").isMissingNode() || fired.path("ownerTeam").isNull()).isTrue();
        Instant firedAt = Instant.parse(fired.path("firedAt").asText());

        // the fallback route, at once
        Page fallback = await().atMost(Duration.ofSeconds(30)).until(() -> delivered(key, SystemStack.FALLBACK_KEY, null),
                p -> p != null);
        System.out.printf("OwnershipDownIT: fallback paged %d ms after the alert fired%n",
                Duration.between(firedAt, fallback.at()).toMillis());
        assertThat(fallback.route()).isEqualTo("fallback");
        assertThat(fallback.trigger()).isTrue();
        assertThat(Duration.between(firedAt, fallback.at())).as("fallback page after firing")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(Alerting.timeline(stack.alert(id), "note"))
                .anySatisfy(n -> assertThat(n.path("detail").asText()).contains("ownership unreachable"));

        // ownership-service back: the real owner's routing key, level 1 then level 2 of billing-default
        stack.ownership.start().awaitReady(SystemStack.READY_TIMEOUT);
        Instant ownershipBack = Instant.now();
        Page levelOne = await().atMost(Duration.ofSeconds(90)).until(() -> delivered(key, SystemStack.BILLING_KEY, 1),
                p -> p != null);
        Page levelTwo = await().atMost(Duration.ofSeconds(90)).until(() -> delivered(key, SystemStack.BILLING_KEY, 2),
                p -> p != null);
        Instant pagingStarted = stack.postgres().instant("select paging_started_at from alerting.alerts where id = ?", id);
        System.out.printf("OwnershipDownIT: real owner paged %d ms after ownership-service was back; level 2 %d ms "
                        + "after the first page%n", Duration.between(ownershipBack, levelOne.at()).toMillis(),
                Duration.between(pagingStarted, levelTwo.at()).toMillis());
        assertThat(levelOne.at()).isAfter(ownershipBack);
        // the lookup's circuit breaker (opened by the failed lookups) lets a call through again after 30 s
        assertThat(Duration.between(ownershipBack, levelOne.at())).as("real owner paged after ownership is back")
                .isLessThan(Duration.ofSeconds(45));
        assertThat(levelTwo.at()).as("level 2 waits the policy's scaled 15 minutes from the first page")
                .isAfterOrEqualTo(pagingStarted.plus(LEVEL_TWO_AFTER).minusMillis(500));
        assertThat(levelOne.body().path("payload").path("custom_details").path("people").toString()).contains("ana");
        assertThat(levelTwo.body().path("payload").path("custom_details").path("people").toString()).contains("bo");

        JsonNode after = stack.alert(id);
        assertThat(after.path("ownerKnown").asBoolean()).isTrue();
        assertThat(after.path("ownerTeam").asText()).isEqualTo("billing-packs");
        assertThat(after.path("escalationLevel").asInt()).isEqualTo(2);

        SystemStack.pause(Duration.ofSeconds(3)); // a few more escalation ticks: nothing more (the policy has two levels, no repeat)
        List<Page> pages = stack.pagerDuty.pages().stream().filter(p -> key.equals(p.dedupKey())).toList();
        assertThat(pages).as("pages of " + key).allSatisfy(p -> assertThat(p.delivered()).isTrue());
        assertThat(pages).extracting(p -> p.routingKey() + " level " + p.level())
                .containsExactly(SystemStack.FALLBACK_KEY + " level 1", SystemStack.BILLING_KEY + " level 1",
                        SystemStack.BILLING_KEY + " level 2");
    }

    /** The delivered trigger of {@code key} to {@code routingKey} (at {@code level}, if given), or null. */
    private static Page delivered(String key, String routingKey, Integer level) {
        return STACK.get().pagerDuty.delivered().stream()
                .filter(p -> p.trigger() && key.equals(p.dedupKey()) && routingKey.equals(p.routingKey())
                        && (level == null || level.equals(p.level())))
                .findFirst().orElse(null);
    }
}
