package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesIPv4AndIPv6NetworksAndSingleAddresses() {
        assertThat(Cidr.parse("10.1.0.0/16").contains(Cidr.literal("10.1.255.3"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16").contains(Cidr.literal("10.2.0.0"))).isFalse();
        assertThat(Cidr.parse("fd00:ec2::/32").contains(Cidr.literal("fd00:ec2::254"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("::1"))).as("no IPv6 in an IPv4 network").isFalse();
        assertThat(Cidr.parse(" 10.1.2.3 ")).hasToString("10.1.2.3");
        assertThat(Cidr.parse("2001:0db8:0:0::/32")).hasToString("2001:db8::/32");
        assertThat(Cidr.parse("fe80::/10").prefix()).isEqualTo(10);
    }

    @Test
    void refusesWhatIsNotANetworkSayingWhatToWrite() {
        assertThatThrownBy(() -> Cidr.parse("intranet.example/16"))
                .hasMessage("must be an IP network like 10.1.0.0/16 or fd00::/8, but was \"intranet.example/16\"");
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/33")).hasMessage("prefix length must be 0 to 32, but was \"10.1.0.0/33\"");
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/x")).hasMessageStartingWith("prefix length must be 0 to 32");
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/16")).hasMessage("has bits set after the prefix: did you mean 10.1.0.0/16? (was \"10.1.2.3/16\")");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageStartingWith("must be an IP network");
        assertThatThrownBy(() -> Cidr.parse("010.0.0.0/8")).as("8.0.0.0/8 to curl").hasMessageStartingWith("must be an IP network");
        assertThat(Cidr.literal("1.2.3.256")).as("never looked up as a name").isNull();
        assertThatThrownBy(() -> Cidr.parse("fe80::1%eth0/64")).hasMessageStartingWith("must be an IP network");
    }
}
