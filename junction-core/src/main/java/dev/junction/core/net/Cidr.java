package dev.junction.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network such as {@code 10.1.0.0/16} or {@code fd00:ec2::254/128}. A single address
 * ({@code 10.1.2.3}) is the network of just that address.
 */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address/prefix} or a bare address. Only IP literals are taken, never host names (which
     * would be looked up), and the address must be the network's first one, so a typo is not widened silently.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(host);
        if (bytes == null) throw new IllegalArgumentException("must be an IP network like 10.1.0.0/16 or fd00::/8, but was \"" + text + "\"");
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", but was \"" + text + "\"");
            }
            prefix = Integer.parseInt(p);
        }
        Cidr cidr = new Cidr(mask(bytes, prefix), prefix);
        if (!Arrays.equals(cidr.network, bytes)) {
            throw new IllegalArgumentException("has bits set after the prefix: did you mean " + cidr + "? (was \"" + text + "\")");
        }
        return cidr;
    }

    /**
     * Whether {@code host} is dotted numbers one of which has a leading zero ({@code 0177.0.0.1}, {@code 010.0.0.1}): the
     * JDK reads each as decimal (177.0.0.1), curl and browsers as octal (127.0.0.1), so no one reading is safe to check.
     */
    public static boolean ambiguousIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 2) return false;
        boolean leadingZero = false;
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            leadingZero |= part.length() > 1 && part.charAt(0) == '0';
        }
        return leadingZero;
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 literal (brackets allowed), or null if {@code host} is neither. */
    static byte[] literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = IPV4.matcher(h).matches();
        if (!v4 && !h.contains(":")) return null;
        if (v4 && ambiguousIpv4(h)) return null;
        // Checked here: the JDK would take 1.2.3.256 for a host name and look it up.
        if (v4 && java.util.Arrays.stream(h.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) return null;
        if (h.contains("%")) return null; // zone ids name an interface, not a network
        try {
            // A literal is parsed without any lookup: a dotted quad or a text with ':' never goes to DNS.
            byte[] bytes = InetAddress.getByName(h).getAddress();
            // IPv4-mapped IPv6 text (::ffff:10.0.0.1) comes back as 4 bytes; keep what was written.
            return v4 || bytes.length == 16 ? bytes : mapped(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** Whether {@code address} (4 or 16 bytes) is in this network; an IPv4 network holds no IPv6 address. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public int prefix() {
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** {@code 10.0.0.0/8}, {@code fc00::/7}; a single address without its {@code /32} or {@code /128}. */
    @Override
    public String toString() {
        String address = Addresses.text(network);
        return prefix == network.length * 8 ? address : address + "/" + prefix;
    }
}
