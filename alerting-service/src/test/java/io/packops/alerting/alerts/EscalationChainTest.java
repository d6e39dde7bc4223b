package io.packops.alerting.alerts;

import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.paging.EscalationChain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain's timing alone: no Quarkus, no database. */
class EscalationChainTest {

    private static final Duration INTERVAL = Duration.ofMinutes(30);
    private static final List<Level> TWO = List.of(new Level(1, 0, false, List.of("ana")), new Level(2, 15, false, List.of("dana")));

    @Test
    void levelsThenARoundAsLongAsTheChainPlusItsLastStep() {
        var afterFirst = EscalationChain.next(TWO, 1, INTERVAL, 0, 1).orElseThrow();
        assertThat(afterFirst.level().level()).isEqualTo(2);
        assertThat(afterFirst.after()).isEqualTo(Duration.ofMinutes(15));
        var repeat = EscalationChain.next(TWO, 1, INTERVAL, 0, 2).orElseThrow();
        assertThat(repeat.round()).isEqualTo(1);
        assertThat(repeat.after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(EscalationChain.next(TWO, 1, INTERVAL, 1, 2)).isEmpty();
    }

    @Test
    void aOneLevelChainRepeatsAfterTheConfiguredInterval() {
        var levels = List.of(new Level(1, 0, false, List.of("ana")));
        assertThat(EscalationChain.next(levels, 2, INTERVAL, 0, 1).orElseThrow().after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(EscalationChain.next(levels, 2, INTERVAL, 1, 1).orElseThrow().after()).isEqualTo(Duration.ofMinutes(60));
        assertThat(EscalationChain.next(levels, 2, INTERVAL, 2, 1)).isEmpty();
    }

    @Test
    void noRepeatAndEmptyChainsEnd() {
        assertThat(EscalationChain.next(TWO, 0, INTERVAL, 0, 2)).isEmpty();
        assertThat(EscalationChain.next(List.of(), 3, INTERVAL, 0, 0)).isEmpty();
        assertThat(EscalationChain.next(List.of(new Level(1, 0, true, List.of())), 3, INTERVAL, 0, 0)).isEmpty();
    }

    @Test
    void fromNothingPagedTheFirstPageableLevelIsNext() {
        var levels = List.of(new Level(1, 0, true, List.of()), new Level(2, 0, false, List.of("dana")));
        assertThat(EscalationChain.next(levels, 0, INTERVAL, 0, 0).orElseThrow().level().level()).isEqualTo(2);
    }

    @Test
    void rehearsalsScaleTheDelaysAndScaleOneLeavesThem() {
        Duration fifteen = Duration.ofMinutes(15);
        assertThat(EscalationChain.scaled(fifteen, 1)).isSameAs(fifteen);
        assertThat(EscalationChain.scaled(fifteen, 0.05)).isEqualTo(Duration.ofSeconds(45));
        assertThat(EscalationChain.scaled(Duration.ZERO, 0.05)).isEqualTo(Duration.ZERO);
    }
}
