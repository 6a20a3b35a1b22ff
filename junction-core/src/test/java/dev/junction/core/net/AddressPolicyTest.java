package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.core.retry.DeliveryRefused;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private final AddressPolicy policy = AddressPolicy.ofDefaults();

    private static InetAddress ip(String literal) {
        byte[] bytes = Cidr.literal(literal);
        assertThat(bytes).as(literal).isNotNull();
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1         | loopback 127.0.0.0/8
            127.255.1.2       | loopback 127.0.0.0/8
            10.0.0.5          | private 10.0.0.0/8
            172.16.0.1        | private 172.16.0.0/12
            172.31.255.255    | private 172.16.0.0/12
            192.168.1.1       | private 192.168.0.0/16
            169.254.1.1       | link-local 169.254.0.0/16
            169.254.169.254   | cloud metadata 169.254.169.254
            100.100.100.200   | cloud metadata 100.100.100.200
            100.64.0.1        | CGNAT shared 100.64.0.0/10
            100.127.255.255   | CGNAT shared 100.64.0.0/10
            224.0.0.1         | multicast 224.0.0.0/4
            239.255.255.250   | multicast 224.0.0.0/4
            255.255.255.255   | broadcast 255.255.255.255
            192.0.2.10        | documentation 192.0.2.0/24
            198.51.100.7      | documentation 198.51.100.0/24
            203.0.113.9       | documentation 203.0.113.0/24
            198.18.0.1        | benchmarking 198.18.0.0/15
            198.19.255.1      | benchmarking 198.18.0.0/15
            240.0.0.1         | reserved 240.0.0.0/4
            0.0.0.0           | unspecified 0.0.0.0
            0.1.2.3           | this network 0.0.0.0/8
            192.0.0.8         | IETF protocol assignments 192.0.0.0/24
            192.88.99.1       | 6to4 relay anycast 192.88.99.0/24
            ::1               | loopback ::1
            ::                | unspecified ::
            fe80::1           | link-local fe80::/10
            febf::1           | link-local fe80::/10
            fec0::1           | site-local fec0::/10
            fc00::1           | unique-local fc00::/7
            fd12:3456::1      | unique-local fc00::/7
            fd00:ec2::254     | cloud metadata fd00:ec2::254
            ff02::1           | multicast ff00::/8
            2001:db8::1       | documentation 2001:db8::/32
            2001:0:4136:e378::1 | Teredo 2001::/32
            100::1            | discard 100::/64
            ::a00:5           | IPv4-compatible ::/96
            ::8.8.8.8         | IPv4-compatible ::/96
            64:ff9b:1::a00:5  | NAT64 local-use 64:ff9b:1::/48
            ::ffff:127.0.0.1  | loopback 127.0.0.0/8
            ::ffff:a9fe:a9fe  | cloud metadata 169.254.169.254
            ::ffff:10.0.0.5   | private 10.0.0.0/8
            64:ff9b::a00:5    | private 10.0.0.0/8 (as NAT64 64:ff9b::/96)
            64:ff9b::127.0.0.1 | loopback 127.0.0.0/8 (as NAT64 64:ff9b::/96)
            64:ff9b::a9fe:a9fe | cloud metadata 169.254.169.254 (as NAT64 64:ff9b::/96)
            2002:a00:5::1     | private 10.0.0.0/8 (as 6to4 2002::/16)
            2002:7f00:1::     | loopback 127.0.0.0/8 (as 6to4 2002::/16)
            ::ffff:0:a00:5    | private 10.0.0.0/8 (as IPv4-translated ::ffff:0:0:0/96)
            """)
    void refusesSpecialAddressesNamingTheRange(String address, String reason) {
        assertThat(policy.refusal(ip(address))).contains(reason);
        assertThat(policy.allows(ip(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.32.0.1", "172.15.255.255", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "192.167.1.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808", "2002:808:808::1",
            "::ffff:8.8.8.8", "2001:1::1", "fe00::1"})
    void allowsPublicAddresses(String address) {
        assertThat(policy.refusal(ip(address))).as(address).isEmpty();
    }

    @Test
    void theRawMappedFormIsJudgedAsTheIPv4InsideEvenWhereTheJdkKeepsSixteenBytes() {
        byte[] mapped = Cidr.literal("::ffff:127.0.0.1");

        assertThat(mapped).hasSize(16);
        assertThat(Addresses.text(mapped)).isEqualTo("::ffff:7f00:1");
        assertThat(policy.refusal(ip("::ffff:127.0.0.1"))).contains("loopback 127.0.0.0/8");
    }

    @Test
    void allowNetworksLetChosenRangesThroughAndNoOthers() {
        AddressPolicy onPremise = AddressPolicy.custom().allowNetworks("127.0.0.0/8", "10.1.0.0/16", "fd00:1::/32").build();

        assertThat(onPremise.allows(ip("127.0.0.1"))).isTrue();
        assertThat(onPremise.allows(ip("::ffff:127.0.0.1"))).isTrue();
        assertThat(onPremise.allows(ip("64:ff9b::7f00:1"))).isTrue();
        assertThat(onPremise.allows(ip("10.1.200.3"))).isTrue();
        assertThat(onPremise.allows(ip("fd00:1:2::3"))).isTrue();
        assertThat(onPremise.refusal(ip("10.2.0.1"))).contains("private 10.0.0.0/8");
        assertThat(onPremise.refusal(ip("::1"))).contains("loopback ::1");
        assertThat(onPremise.refusal(ip("fd00:2::1"))).contains("unique-local fc00::/7");
        assertThat(onPremise.refusal(ip("169.254.169.254"))).contains("cloud metadata 169.254.169.254");
    }

    @Test
    void connectableDropsBlockedAddressesAndRefusesPermanentlyWhenNoneIsLeft() throws Exception {
        AddressPolicy mixed = AddressPolicy.custom()
                .resolver(host -> java.util.List.of(ip("10.0.0.5"), ip("93.184.215.14"))).build();
        AddressPolicy internal = AddressPolicy.custom()
                .resolver(host -> java.util.List.of(ip("10.0.0.5"), ip("fd00::5"))).build();

        assertThat(mixed.connectable("hooks.example")).containsExactly(ip("93.184.215.14"));
        DeliveryRefused refused = catchThrowableOfType(DeliveryRefused.class, () -> internal.connectable("hooks.example"));
        assertThat(refused.getMessage()).isEqualTo("refused to connect to hooks.example (10.0.0.5): private 10.0.0.0/8; "
                + "hooks.example (fd00::5): unique-local fc00::/7");
        assertThat(refused.kind()).isEqualTo("ssrf");
        assertThat(OutcomeClassifier.ofError(refused)).isEqualTo(OutcomeClass.PERMANENT);
        DeliveryRefused literal = catchThrowableOfType(DeliveryRefused.class, () -> policy.connectable("10.0.0.5"));
        assertThat(literal.getMessage()).isEqualTo("refused to connect to 10.0.0.5: private 10.0.0.0/8");
        assertThat(catchThrowableOfType(DeliveryRefused.class, () -> policy.connectable("[::1]")).getMessage())
                .isEqualTo("refused to connect to ::1: loopback ::1");
    }
}
