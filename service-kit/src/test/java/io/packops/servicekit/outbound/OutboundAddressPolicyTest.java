package io.packops.servicekit.outbound;

import io.packops.servicekit.outbound.OutboundAddressPolicy.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundAddressPolicyTest {

    static final OutboundAddressPolicy PROD = new OutboundAddressPolicy(List.of(), true);
    static final OutboundAddressPolicy DEV = new OutboundAddressPolicy(List.of(), false);

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/",
            "http://0x7f000001/", "http://127.1/", "http://017700000001/", "http://0.0.0.0/", "http://0/", "http://[::]/",
            "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
            "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
            "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.1/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1/", "http://[fe80::1]/", "http://[fe80::1%25eth0]/",
            "http://[fc00::1]/", "http://[fd00:ec2::254]/", "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/",
            "http://LOCALHOST/", "http://localhost./", "http://LocalHost.:80/", "http://api.localhost/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.GOOGLE.INTERNAL./",
            "http://good.com@127.0.0.1/", "http://127.0.0.1#@good.com/", "http://user:pw@hooks.example.com/",
            "http://0x7f.0.0.1/", "http://127.0.0.1./", "http://999.1.1.1/", "http://1.2.3.4.5/", "ftp://hooks.example.com/",
            "file:///etc/passwd", "gopher://127.0.0.1:6379/", "not a url", "http:///nohost", "//hooks.example.com/x"})
    void forbiddenTargetsAreRefusedWhateverTheSpelling(String url) {
        assertThat(DEV.checkLiteral(url).kind()).as(url).isEqualTo(Verdict.Kind.REFUSED);
        assertThat(DEV.checkResolved(url, host -> new InetAddress[]{InetAddress.getByName("93.184.216.34")}).kind())
                .as(url).isEqualTo(Verdict.Kind.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com/services/T0/B0/x", "https://events.pagerduty.com/v2/enqueue",
            "https://93.184.216.34/hook", "https://[2606:2800:220:1:248:1893:25c8:1946]/x", "https://172.32.0.1/",
            "https://11.0.0.1/", "https://HOOKS.EXAMPLE.COM./x"})
    void publicHttpsTargetsAreAllowed(String url) {
        assertThat(PROD.checkLiteral(url).allowed()).as(url).isTrue();
    }

    @Test
    void productionRequiresHttps() {
        assertThat(PROD.checkLiteral("http://hooks.example.com/x").reason()).isEqualTo("not https");
        assertThat(DEV.checkLiteral("http://hooks.example.com/x").allowed()).isTrue();
        assertThat(PROD.checkLiteral("HTTPS://hooks.example.com/x").allowed()).isTrue();
    }

    @Test
    void theAllowListIsOfExactHostAndPortPairs() {
        OutboundAddressPolicy policy = new OutboundAddressPolicy(List.of("localhost:18099", " 127.0.0.1:9000 "), true);
        assertThat(policy.checkLiteral("http://localhost:18099/v2/enqueue").allowed()).isTrue();
        assertThat(policy.checkLiteral("http://LOCALHOST.:18099/v2/enqueue").allowed()).isTrue();
        assertThat(policy.checkResolved("http://localhost:18099/v2/enqueue", h -> {
            throw new AssertionError("an allowed pair is not resolved");
        }).allowed()).isTrue();
        assertThat(policy.checkLiteral("http://127.0.0.1:9000/").allowed()).isTrue();
        assertThat(policy.checkLiteral("http://localhost:18098/").allowed()).as("another port").isFalse();
        assertThat(policy.checkLiteral("http://localhost/").allowed()).as("the default port").isFalse();
        assertThat(policy.checkLiteral("http://127.0.0.1:18099/").allowed()).as("another spelling of the host").isFalse();
        assertThat(policy.checkLiteral("http://good.com@localhost:18099/").allowed()).as("userinfo").isFalse();
        assertThat(new OutboundAddressPolicy(List.of("hooks.example.com:443"), true)
                .checkLiteral("https://hooks.example.com/x").allowed()).as("scheme default port").isTrue();
        assertThatThrownBy(() -> new OutboundAddressPolicy(List.of("localhost"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new OutboundAddressPolicy(List.of("localhost:*"), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyResolvedAddressIsChecked() throws UnknownHostException {
        Map<String, InetAddress[]> dns = Map.of(
                "public.example.com", new InetAddress[]{InetAddress.getByName("93.184.216.34")},
                "rebind.example.com", new InetAddress[]{InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")},
                "mapped.example.com", new InetAddress[]{InetAddress.getByName("::ffff:169.254.169.254")},
                "v6.example.com", new InetAddress[]{InetAddress.getByName("fd12::1")});
        OutboundAddressPolicy.Resolver resolver = host -> {
            InetAddress[] a = dns.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return a;
        };
        assertThat(PROD.checkResolved("https://public.example.com/x", resolver).allowed()).isTrue();
        Verdict rebind = PROD.checkResolved("https://rebind.example.com/x", resolver);
        assertThat(rebind.kind()).isEqualTo(Verdict.Kind.REFUSED);
        assertThat(rebind.reason()).isEqualTo("host resolves to a private address").doesNotContain("rebind");
        assertThat(PROD.checkResolved("https://mapped.example.com/", resolver).reason()).contains("link-local");
        assertThat(PROD.checkResolved("https://v6.example.com/", resolver).reason()).contains("unique local");
        assertThat(PROD.checkResolved("https://nx.example.com/", resolver).kind()).isEqualTo(Verdict.Kind.UNRESOLVED);
    }

    @Test
    void numericSpellingsAreReadLikeTheCLibrary() {
        assertThat(OutboundAddressPolicy.ipv4("2130706433")).hasValueSatisfying(b -> assertThat(b).containsExactly(127, 0, 0, 1));
        assertThat(OutboundAddressPolicy.ipv4("0x7f.1")).hasValueSatisfying(b -> assertThat(b).containsExactly(127, 0, 0, 1));
        assertThat(OutboundAddressPolicy.ipv4("0177.0.0.01")).hasValueSatisfying(b -> assertThat(b).containsExactly(127, 0, 0, 1));
        assertThat(OutboundAddressPolicy.ipv4("10.1.65535")).hasValueSatisfying(b -> assertThat(b).containsExactly(10, 1, (byte) 255, (byte) 255));
        assertThat(OutboundAddressPolicy.ipv4("256.1.1.1")).isEmpty();
        assertThat(OutboundAddressPolicy.ipv4("1.2.65536")).isEmpty();
        assertThat(OutboundAddressPolicy.ipv4("08.1.1.1")).as("8 is not an octal digit").isEmpty();
    }

    @Test
    void reasonsNeverRepeatTheUrl() {
        String secretUrl = "http://10.1.2.3/services/T000/B000/XXXXSECRETXXXX";
        assertThat(PROD.checkLiteral(secretUrl).reason()).doesNotContain("SECRET").doesNotContain("10.1.2.3");
        assertThat(PROD.checkLiteral("https://u:SECRET@hooks.example.com/").reason()).doesNotContain("SECRET");
    }
}
