package io.packops.ownership.document.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The model's JSON form is the document form: what GET returns can be PUT back unchanged. */
class OwnershipDocumentJsonTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());

    static OwnershipDocument sample() throws Exception {
        try (InputStream in = OwnershipDocumentJsonTest.class.getResourceAsStream("/ownership/design-sample.yaml")) {
            return YAML.readValue(in, OwnershipDocument.class);
        }
    }

    @Test
    void designSampleReadsIntoTheModel() throws Exception {
        OwnershipDocument doc = sample();
        Schedule billing = doc.schedule("billing-primary").orElseThrow();
        assertThat(billing.layers().get(0).rotation()).isEqualTo(Rotation.weekly());
        assertThat(billing.layers().get(0).start()).isEqualTo(LocalDateTime.parse("2026-11-02T09:00:00"));
        assertThat(billing.layers().get(1).rotation()).isEqualTo(Rotation.hours(12));
        Restriction r = billing.layers().get(1).restrictions().get(0);
        assertThat(r.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(r.from()).isEqualTo(LocalTime.of(9, 0));
        assertThat(billing.overrides().get(0).person()).isEqualTo("bo");
        assertThat(doc.team("billing-packs").orElseThrow().pagerduty().routingKey()).isEqualTo("${PD_BILLING_PACKS}");
        assertThat(doc.policy("billing-default").orElseThrow().levels().get(1).targets().get(0))
                .isEqualTo(EscalationPolicy.Target.person("dana"));
        assertThat(doc.rules().get(2).match().isCatchAll()).isTrue();
        assertThat(doc.rules().get(1).match().pack()).isEqualTo("stripe-revenue");
    }

    @Test
    void jsonFormRoundTrips() throws Exception {
        OwnershipDocument doc = sample();
        String json = JSON.writeValueAsString(doc);
        assertThat(json).contains("\"rotation\":\"weekly\"", "\"rotation\":{\"hours\":12}",
                "\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]", "\"from\":\"09:00\"", "\"start\":\"2026-11-02T09:00:00\"",
                "\"start\":\"2026-11-27T09:00:00Z\"").doesNotContain("catchAll", "\"kind\"", "null");
        assertThat(JSON.readValue(json, OwnershipDocument.class)).isEqualTo(doc);
    }
}
