package io.packops.alerting.paging.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing keys and webhook URLs are not kept in the clear in the outbox (issue 16, item 9). */
class SecretSealTest {

    static final String URL = "https://hooks.slack.com/services/T000/B000/verysecretpath";

    @Test
    void aSealedValueOpensUnderTheSameKeyAfterARestart() {
        String sealed = SecretSeal.fromSecret("the-outbox-key").seal(URL);
        assertThat(sealed).startsWith("v1:").doesNotContain("verysecretpath").doesNotContain("hooks.slack.com");
        // a new process derives the same key from the same configured secret
        assertThat(SecretSeal.fromSecret("the-outbox-key").open(sealed)).isEqualTo(URL);
        assertThat(SecretSeal.fromSecret(" the-outbox-key\n").open(sealed)).as("whitespace of an env file").isEqualTo(URL);
    }

    @Test
    void everySealIsDifferent() {
        SecretSeal seal = SecretSeal.fromSecret("k");
        assertThat(seal.seal(URL)).isNotEqualTo(seal.seal(URL));
        assertThat(seal.seal(null)).isNull();
        assertThat(seal.open(null)).isNull();
    }

    @Test
    void anotherKeyOrAnAlteredValueIsUnreadable() {
        String sealed = SecretSeal.fromSecret("old-key").seal(URL);
        assertThatThrownBy(() -> SecretSeal.fromSecret("new-key").open(sealed)).isInstanceOf(SecretSeal.Unreadable.class)
                .hasMessageNotContaining(URL);
        char[] chars = sealed.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> SecretSeal.fromSecret("old-key").open(new String(chars)))
                .isInstanceOf(SecretSeal.Unreadable.class);
        assertThatThrownBy(() -> SecretSeal.fromSecret("old-key").open("v1:%%%")).isInstanceOf(SecretSeal.Unreadable.class);
        assertThatThrownBy(() -> SecretSeal.fromSecret(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueWrittenBeforeSealingIsReadAsItIs() {
        assertThat(SecretSeal.isSealed(URL)).isFalse();
        assertThat(SecretSeal.fromSecret("k").open(URL)).isEqualTo(URL);
    }
}
