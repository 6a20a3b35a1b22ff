package dev.junction.core.net;

import java.util.List;

/**
 * The address ranges a webhook must never reach from the gateway, each with the name a refusal gives.
 * Within each family the specific ranges come first, so 169.254.169.254 is named as cloud metadata and
 * not as link-local. IPv6 forms that carry an IPv4 address are judged by {@link AddressPolicy} by that
 * address instead, so they are not here.
 */
final class SpecialRanges {

    private SpecialRanges() {}

    record Range(Cidr cidr, String name) {
        String reason() {
            return name + " " + cidr;
        }
    }

    private static Range range(String cidr, String name) {
        return new Range(Cidr.parse(cidr), name);
    }

    static final List<Range> IPV4 = List.of(
            range("169.254.169.254", "cloud metadata"),
            range("100.100.100.200", "cloud metadata"),
            range("0.0.0.0", "unspecified"),
            range("255.255.255.255", "broadcast"),
            range("0.0.0.0/8", "this network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "CGNAT shared"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"));

    static final List<Range> IPV6 = List.of(
            range("fd00:ec2::254", "cloud metadata"),
            range("::", "unspecified"),
            range("::1", "loopback"),
            range("::/96", "IPv4-compatible"),
            range("64:ff9b:1::/48", "NAT64 local-use"),
            range("100::/64", "discard"),
            range("2001::/32", "Teredo"),
            range("2001:db8::/32", "documentation"),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    /** IPv6 ranges whose addresses carry an IPv4 address at a byte offset: that address decides. */
    record Carrier(Cidr cidr, String name, int offset) {}

    static final List<Carrier> CARRIERS = List.of(
            new Carrier(Cidr.parse("::ffff:0:0/96"), "IPv4-mapped", 12),
            new Carrier(Cidr.parse("::ffff:0:0:0/96"), "IPv4-translated", 12),
            new Carrier(Cidr.parse("64:ff9b::/96"), "NAT64", 12),
            new Carrier(Cidr.parse("2002::/16"), "6to4", 2));

    /** The first range holding {@code address}, or null. */
    static Range find(byte[] address) {
        for (Range r : address.length == 4 ? IPV4 : IPV6) if (r.cidr().contains(address)) return r;
        return null;
    }
}
