package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.ownership.system.OwnershipConfig;
import io.packops.servicekit.outbound.OutboundAddressPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSRF through team routes (issue 16, item 6): a document whose webhook or Slack URL points at this network — or, in
 * production, is not https — is refused when it is saved, also when a {@code ${…}} reference fills the rest of the URL
 * but the host is literal. Never with the URL in the message.
 */
class RouteUrlValidationTest {

    static DocumentValidator validator(OutboundAddressPolicy policy) {
        DocumentValidator v = new DocumentValidator();
        v.mapper = new ObjectMapper().findAndRegisterModules();
        v.outbound = policy;
        v.config = new OwnershipConfig() {
            public Optional<String> file() {
                return Optional.empty();
            }

            public Duration refreshEvery() {
                return Duration.ofSeconds(5);
            }

            public Optional<String> runbookBaseUrl() {
                return Optional.empty();
            }

            public Secrets secrets() {
                return () -> List.of("QUARKUS_", "PACKOPS_", "OWNERSHIP_");
            }
        };
        return v;
    }

    static final DocumentValidator PROD = validator(new OutboundAddressPolicy(List.of("localhost:18099"), true));
    static final DocumentValidator DEV = validator(new OutboundAddressPolicy(List.of(), false));

    static List<Violation> errors(DocumentValidator v, String field, String url) {
        ObjectNode doc = edit(sample(), "teams[1]." + field, "'" + url + "'");
        return v.validate(doc).errors();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "webhook|https://169.254.169.254/latest/meta-data/|must not point at this network",
            "webhook|https://169.254.169.254/${PATH}|must not point at this network",
            "webhook|https://2130706433/hook|must not point at this network",
            "webhook|https://0x7f.1/hook|is not a usable URL",
            "webhook|https://0x7f000001/hook|must not point at this network",
            "webhook|https://0177.0.0.1/hook|must not point at this network",
            "webhook|https://[::ffff:127.0.0.1]/hook|must not point at this network",
            "webhook|https://[::]/hook|must not point at this network",
            "webhook|https://0.0.0.0/hook|must not point at this network",
            "webhook|https://LOCALHOST./hook|must not point at this network",
            "webhook|https://metadata.google.internal/computeMetadata/v1/${X}|must not point at this network",
            "webhook|https://10.1.2.3:8443/${WEBHOOK_PATH}|must not point at this network",
            "webhook|https://192.168.0.10/x?token=${T}|must not point at this network",
            "webhook|https://[fd00::1]/x|must not point at this network",
            "webhook|https://[fe80::1]/x|must not point at this network",
            "webhook|https://hooks.example.com@127.0.0.1/x|is not a usable URL: URL carries userinfo",
            "slackWebhook|https://172.20.0.1/services/${SLACK_PATH}|must not point at this network",
            "slackWebhook|http://hooks.slack.com/services/${SLACK_PATH}|must be an https URL"})
    void routesToThisNetworkAreRefusedAtSave(String field, String url, String message) {
        for (DocumentValidator v : List.of(PROD, DEV)) {
            List<Violation> errors = errors(v, field, url);
            assertThat(errors).as(url).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("teams[1]." + field);
                assertThat(e.message()).contains(message).doesNotContain(url);
            });
        }
    }

    @Test
    void plainHttpToTheMetadataServiceIsRefusedEitherWay() {
        String url = "http://169.254.169.254/latest/meta-data/";
        assertThat(errors(PROD, "webhook", url)).singleElement().satisfies(e -> assertThat(e.message()).contains("https"));
        assertThat(errors(DEV, "webhook", url)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must not point at this network").contains("link-local"));
    }

    @Test
    void productionRequiresHttpsForWebhooksButNotForAllowListedPairs() {
        assertThat(errors(PROD, "webhook", "http://hooks.example.com/x")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must be an https URL"));
        assertThat(errors(PROD, "webhook", "http://hooks.example.com/${PATH}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must be an https URL"));
        assertThat(errors(DEV, "webhook", "http://hooks.example.com/x")).as("dev and test allow http").isEmpty();
        assertThat(errors(PROD, "webhook", "http://localhost:18099/hooks")).as("allow-listed host:port").isEmpty();
        assertThat(errors(PROD, "webhook", "http://localhost:18098/hooks")).isNotEmpty();
    }

    @Test
    void referencesThatHideTheHostAreLeftToSendTime() {
        assertThat(errors(PROD, "webhook", "${TEAM_WEBHOOK}")).isEmpty();
        assertThat(errors(PROD, "webhook", "https://${WEBHOOK_HOST}/hooks")).isEmpty();
        assertThat(errors(PROD, "webhook", "${SCHEME}://hooks.example.com/x")).isEmpty();
        assertThat(errors(PROD, "webhook", "${SCHEME}://127.0.0.1/x")).as("a literal host behind a referenced scheme")
                .singleElement().satisfies(e -> assertThat(e.message()).contains("must not point at this network"));
        assertThat(errors(PROD, "webhook", "https://hooks.example.com/services/${PATH}")).isEmpty();
    }
}
