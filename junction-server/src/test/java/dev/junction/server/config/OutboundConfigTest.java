package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.OutboundSpec;
import dev.junction.core.net.AddressPolicy;
import dev.junction.core.net.Cidr;
import dev.junction.server.RepoFiles;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code outbound:} section: the SSRF guard's settings and the idempotency ones beside them. */
class OutboundConfigTest {

    private static JunctionConfig load(String outbound) {
        return ConfigLoader.parse(ConfigErrorsTest.SAMPLE + outbound, "junction.yaml", ConfigErrorsTest.ENV);
    }

    @Test
    void withoutTheSectionNothingIsAllowedThroughAndHttpIsAccepted() {
        OutboundSpec outbound = ConfigLoader.parse(ConfigErrorsTest.SAMPLE, "junction.yaml", ConfigErrorsTest.ENV).outbound();

        assertThat(outbound).isEqualTo(OutboundSpec.DEFAULT);
        assertThat(outbound.allowNetworks()).isEmpty();
        assertThat(outbound.httpsOnly()).isFalse();
        assertThat(outbound.requireIdempotencyKey()).isFalse();
        assertThat(outbound.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(outbound.disableAfter()).as("as Svix: five days of failures").isEqualTo(Duration.ofDays(5));
    }

    @Test
    void everySettingIsRead() throws Exception {
        OutboundSpec outbound = load("""
                outbound:
                  allow-networks: ["10.1.0.0/16", "fd00:1::/32", 127.0.0.1]
                  https-only: true
                  require-idempotency-key: true
                  idempotency-ttl: 2h
                  disable-after: 36h
                """).outbound();

        assertThat(outbound.allowNetworks()).containsExactly(Cidr.parse("10.1.0.0/16"), Cidr.parse("fd00:1::/32"), Cidr.parse("127.0.0.1/32"));
        assertThat(outbound.httpsOnly()).isTrue();
        assertThat(outbound.requireIdempotencyKey()).isTrue();
        assertThat(outbound.idempotencyTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(outbound.disableAfter()).isEqualTo(Duration.ofHours(36));
        assertThat(load("outbound: { disable-after: never }\n").outbound().disableAfter()).as("never disabled for failing").isNull();
        AddressPolicy policy = outbound.addressPolicy();
        assertThat(policy.httpsOnly()).isTrue();
        assertThat(policy.allows(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(policy.allows(InetAddress.getByName("10.2.0.1"))).isFalse();
    }

    @Test
    void aSingleNetworkNeedsNoList() {
        assertThat(load("outbound: { allow-networks: 10.1.0.0/16 }\n").outbound().allowNetworks()).containsExactly(Cidr.parse("10.1.0.0/16"));
    }

    @Test
    void aBadNetworkIsOneLineAtItsPlace() {
        int line = ConfigErrorsTest.SAMPLE.split("\n").length + 2;
        String yaml = ConfigErrorsTest.SAMPLE + "outbound:\n  allow-networks:\n    - 10.1.0.0/16\n    - intranet.local\n    - 10.1.2.0/16\n";

        assertThat(ConfigErrorsTest.message(yaml)).startsWith("junction.yaml:" + (line + 2) + ":7: outbound.allow-networks")
                .endsWith(": must be an IP network like 10.1.0.0/16 or fd00::/8, but was \"intranet.local\"");
        assertThat(ConfigErrorsTest.message(yaml.replace("intranet.local", "10.2.0.0/8")))
                .startsWith("junction.yaml:" + (line + 2) + ":7: outbound.allow-networks")
                .endsWith(": has bits set after the prefix: did you mean 10.0.0.0/8? (was \"10.2.0.0/8\")");
        assertThat(ConfigErrorsTest.message(ConfigErrorsTest.SAMPLE + "outbound: { allow-networks: [\"10.0.0.0/40\"] }\n"))
                .endsWith("outbound.allow-networks[0]: prefix length must be 0 to 32, but was \"10.0.0.0/40\"");
    }

    @Test
    void otherMistakesAreNamed() {
        assertThat(ConfigErrorsTest.message(ConfigErrorsTest.SAMPLE + "outbound: { https-only: yes }\n"))
                .endsWith("outbound.https-only: must be true or false, was \"yes\"");
        assertThat(ConfigErrorsTest.message(ConfigErrorsTest.SAMPLE + "outbound: { allow-network: [10.0.0.0/8] }\n"))
                .contains("unknown key 'allow-network' (allowed: allow-networks, https-only, require-idempotency-key, idempotency-ttl, operational, disable-after)");
        assertThat(ConfigErrorsTest.message(ConfigErrorsTest.SAMPLE + "outbound: { idempotency-ttl: forever }\n"))
                .contains("outbound.idempotency-ttl: \"forever\" is not a duration");
        assertThat(ConfigErrorsTest.message(ConfigErrorsTest.SAMPLE + "outbound: { disable-after: soon }\n"))
                .contains("outbound.disable-after: \"soon\" is not a duration");
    }

    @Test
    void theExampleInTheDeliveryGuideLoadsAsItSays() throws Exception {
        String doc = Files.readString(RepoFiles.find("docs/delivery.md"));
        Matcher m = Pattern.compile("(?s)```yaml\\n(outbound:.*?)```").matcher(doc);
        assertThat(m.find()).as("a yaml block starting with outbound: in docs/delivery.md").isTrue();

        OutboundSpec outbound = load(m.group(1)).outbound();

        assertThat(outbound.allowNetworks()).containsExactly(Cidr.parse("10.1.0.0/16"));
        assertThat(outbound.httpsOnly()).isTrue();
    }

    @Test
    void theOutboundGuidesDisableAfterExampleIsRead() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/outbound.md"));
        Matcher m = Pattern.compile("(?s)```yaml\n(outbound: \\{ disable-after:.*?)```").matcher(page);
        assertThat(m.find()).as("the example in outbound.md#disabled-endpoints").isTrue();
        assertThat(load(m.group(1)).outbound().disableAfter()).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void theOutboundGuidesLocalTryOutExampleLetsLoopbackThrough() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/outbound.md"));
        Matcher m = Pattern.compile("(?s)```yaml\n(outbound: \\{ allow-networks:.*?)```").matcher(page);
        assertThat(m.find()).as("the local example in outbound.md").isTrue();
        var allowed = load(m.group(1)).outbound().allowNetworks();
        assertThat(allowed).hasSize(1);
        assertThat(allowed.get(0).contains(java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
    }
}
