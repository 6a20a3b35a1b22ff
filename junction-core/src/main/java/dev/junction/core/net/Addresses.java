package dev.junction.core.net;

import java.net.InetAddress;
import java.util.Arrays;

/** Text of raw addresses, written the same way whatever the JDK would make of them. */
final class Addresses {

    private Addresses() {}

    /**
     * {@code 10.0.0.5}, or IPv6 in RFC 5952's short form ({@code fd00:ec2::254}). Unlike
     * {@link InetAddress#getHostAddress()} an IPv4-mapped address stays IPv6 ({@code ::ffff:a00:5}), so the
     * name of a range reads as written.
     */
    static String text(byte[] b) {
        if (b.length == 4) return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    static String text(InetAddress address) {
        return text(address.getAddress());
    }

    /** The four bytes at {@code from} of an IPv6 address: the IPv4 address that it carries. */
    static byte[] embedded(byte[] v6, int from) {
        return Arrays.copyOfRange(v6, from, from + 4);
    }
}
