package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckUrlTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example", "93.184.215.14",
            "internal.example", "10.0.0.5",
            "split.example", "93.184.215.14,192.168.1.9",
            "metadata.example", "169.254.169.254",
            "localhost", "127.0.0.1,::1");

    private static List<InetAddress> dns(String host) throws UnknownHostException {
        String answer = DNS.get(host);
        if (answer == null) throw new UnknownHostException(host);
        List<InetAddress> found = new java.util.ArrayList<>();
        for (String a : answer.split(",")) found.add(InetAddress.getByAddress(host, Cidr.literal(a)));
        return found;
    }

    private final AddressPolicy policy = AddressPolicy.custom().resolver(CheckUrlTest::dns).build();

    private String refusal(AddressPolicy p, String url) {
        UrlVerdict v = p.checkUrl(URI.create(url));
        return v.allowed() ? "ok" : v.refusal();
    }

    @Test
    void publicHostsAndLiteralsPass() {
        assertThat(refusal(policy, "https://hooks.example/webhooks")).isEqualTo("ok");
        assertThat(refusal(policy, "http://hooks.example:8080/in?x=1")).isEqualTo("ok");
        assertThat(refusal(policy, "https://93.184.215.14/in")).isEqualTo("ok");
        assertThat(refusal(policy, "https://[2606:4700:4700::1111]/in")).isEqualTo("ok");
    }

    @Test
    void literalsAreCheckedWithoutLookingThemUp() {
        AddressPolicy noDns = AddressPolicy.custom().resolver(h -> { throw new AssertionError("looked up " + h); }).build();

        assertThat(refusal(noDns, "http://127.0.0.1:9000/hooks")).isEqualTo("127.0.0.1 is not allowed: loopback 127.0.0.0/8");
        assertThat(refusal(noDns, "http://[::1]/hooks")).isEqualTo("::1 is not allowed: loopback ::1");
        assertThat(refusal(noDns, "http://[::ffff:169.254.169.254]/latest/meta-data"))
                .isEqualTo("169.254.169.254 is not allowed: cloud metadata 169.254.169.254");
        assertThat(refusal(noDns, "http://[64:ff9b::10.0.0.5]/")).isEqualTo("64:ff9b::a00:5 is not allowed: private 10.0.0.0/8 (as NAT64 64:ff9b::/96)");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsBlockedSayingWhich() {
        assertThat(refusal(policy, "https://internal.example/")).isEqualTo("internal.example (10.0.0.5) is not allowed: private 10.0.0.0/8");
        assertThat(refusal(policy, "https://split.example/")).isEqualTo("split.example (192.168.1.9) is not allowed: private 192.168.0.0/16");
        assertThat(refusal(policy, "https://metadata.example/")).endsWith("cloud metadata 169.254.169.254");
        assertThat(refusal(policy, "http://localhost:9000/")).isEqualTo("localhost (127.0.0.1) is not allowed: loopback 127.0.0.0/8");
        assertThat(refusal(policy, "https://nowhere.example/")).isEqualTo("nowhere.example does not resolve");
    }

    @Test
    void oddIPv4SpellingsAreRefused() throws Exception {
        // The JVM's resolver reads these as 127.0.0.1 (java.net.URI finds no host at all in "127.1").
        assertThat(refusal(AddressPolicy.ofDefaults(), "http://2130706433/")).isEqualTo("2130706433 (127.0.0.1) is not allowed: loopback 127.0.0.0/8");
        assertThat(refusal(AddressPolicy.ofDefaults(), "http://127.1/")).isEqualTo("must have a host name or IP address");
        assertThat(AddressPolicy.ofDefaults().refusal(java.net.InetAddress.getByName("127.1"))).contains("loopback 127.0.0.0/8");
        // Octal to curl (127.0.0.1), decimal to the JDK (177.0.0.1): refused whatever the networks allowed, at both checks.
        AddressPolicy open = AddressPolicy.custom().allowNetworks("0.0.0.0/0").build();
        assertThat(refusal(open, "http://0177.0.0.1/")).isEqualTo("0177.0.0.1: a number with a leading zero is octal to some clients"
                + " and decimal to others; write the address without leading zeros");
        assertThat(refusal(open, "http://10.0.0.010/")).startsWith("10.0.0.010: a number with a leading zero");
        assertThat(refusal(open, "http://10.0.0.10/")).isEqualTo("ok");
        assertThatThrownBy(() -> open.connectable("0177.0.0.1")).isInstanceOf(dev.junction.core.retry.DeliveryRefused.class)
                .hasMessageContaining("refused to connect to 0177.0.0.1: a number with a leading zero");
    }

    @Test
    void theUrlMustBeAbsoluteHttpWithAHostAndNoUserInfo() {
        assertThat(refusal(policy, "/relative")).isEqualTo("must be an absolute http:// or https:// URL");
        assertThat(refusal(policy, "ftp://hooks.example/")).isEqualTo("must be an absolute http:// or https:// URL");
        assertThat(refusal(policy, "file:///etc/passwd")).isEqualTo("must be an absolute http:// or https:// URL");
        assertThat(refusal(policy, "https://user:pw@hooks.example/")).isEqualTo("must not carry a user name or password");
        assertThat(refusal(policy, "https:///path")).isEqualTo("must have a host name or IP address");
        assertThat(refusal(policy, "http://under_score.example/")).isEqualTo("must have a host name or IP address");
    }

    @Test
    void httpsOnlyRefusesPlainHttp() {
        AddressPolicy strict = AddressPolicy.from(policy).httpsOnly(true).build();

        assertThat(refusal(strict, "http://hooks.example/")).isEqualTo("must be an absolute https:// URL (https-only is set)");
        assertThat(refusal(strict, "HTTPS://hooks.example/")).isEqualTo("ok");
        assertThat(refusal(policy, "http://hooks.example/")).isEqualTo("ok");
    }

    @Test
    void allowNetworksLetLoopbackThroughForOnPremiseReceivers() {
        AddressPolicy onPremise = AddressPolicy.from(policy).allowNetworks("127.0.0.0/8").build();

        assertThat(refusal(onPremise, "http://127.0.0.1:9000/hooks")).isEqualTo("ok");
        assertThat(refusal(onPremise, "http://localhost:9000/hooks")).isEqualTo("localhost (::1) is not allowed: loopback ::1");
        assertThat(refusal(AddressPolicy.from(onPremise).allowNetworks("::1/128").build(), "http://localhost:9000/")).isEqualTo("ok");
    }
}
