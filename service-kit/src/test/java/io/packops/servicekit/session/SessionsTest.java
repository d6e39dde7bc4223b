package io.packops.servicekit.session;

import io.packops.servicekit.auth.TokenRoles;
import io.packops.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server-side session store with a clock the test moves: random ids, idle and absolute expiry, revocation, bound. */
class SessionsTest {

    static final TokenRoles.Caller AGENT = new TokenRoles.Caller("agent", Set.of("agent"));

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12), 3);

    @Test
    void anIdIs32RandomBytesAndNamesNoToken() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Session s = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12), 1).open(AGENT);
            assertThat(s.id()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(s.csrf());
            assertThat(Base64.getUrlDecoder().decode(s.id())).hasSize(32);
            ids.add(s.id());
        }
        assertThat(ids).hasSize(200);
        assertThat(sessions.open(AGENT).toString()).doesNotContain(sessions.open(AGENT).id());
    }

    @Test
    void anUnusedSessionExpiresAfterTheIdleTimeout() {
        Session s = sessions.open(AGENT);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).isPresent(); // used: the idle clock starts again
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).get().extracting(Session::principal).isEqualTo("agent");
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aBusySessionStillEndsAtTheAbsoluteTimeout() {
        Session s = sessions.open(AGENT);
        for (int i = 0; i < 47; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(s.id())).as("after %d min", (i + 1) * 15).isPresent();
        }
        clock.advance(Duration.ofMinutes(15)); // 12 h since sign-in
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void aRevokedSessionIsGoneAndOthersStay() {
        Session a = sessions.open(AGENT);
        Session b = sessions.open(AGENT);
        sessions.revoke(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
        sessions.revoke("no-such-id");
        sessions.revoke(null);
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
    }

    @Test
    void theStoreIsBoundedAndDropsTheLeastRecentlyUsed() {
        Session first = sessions.open(AGENT);
        clock.advance(Duration.ofSeconds(1));
        Session second = sessions.open(AGENT);
        clock.advance(Duration.ofSeconds(1));
        Session third = sessions.open(AGENT);
        clock.advance(Duration.ofSeconds(1));
        sessions.find(first.id()); // first is now more recent than second
        for (int i = 0; i < 50; i++) {
            sessions.open(AGENT);
        }
        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(second.id())).isEmpty();
        assertThat(sessions.find(third.id())).isEmpty();
    }

    @Test
    void idsAreComparedWholeAndNeverMatchNothing() {
        assertThat(RandomIds.same("abc", "abc")).isTrue();
        assertThat(RandomIds.same("abc", "abd")).isFalse();
        assertThat(RandomIds.same("abc", "abcd")).isFalse();
        assertThat(RandomIds.same("", "")).isFalse();
        assertThat(RandomIds.same(null, null)).isFalse();
        assertThat(new String(Base64.getUrlDecoder().decode(RandomIds.next()), StandardCharsets.ISO_8859_1)).hasSize(32);
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new Sessions(clock, Duration.ZERO, Duration.ofHours(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sessions(clock, Duration.ofMinutes(1), Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
