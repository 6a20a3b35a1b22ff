package dev.junction.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never reach a log line: the webhook and destination secrets, any Stripe signature that was
 * sent, and any fragment of a body marker, as text, hex (how PostgreSQL prints bytea) or base64.
 */
final class LogLeaks {

    /** Long enough that it cannot occur by chance, short enough to match a fragment of a signature. */
    private static final int SIGNATURE_FRAGMENT = 16;
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{" + SIGNATURE_FRAGMENT + ",}");

    private final List<String> forbidden = new ArrayList<>();
    private final Set<String> signatureFragments = ConcurrentHashMap.newKeySet();

    LogLeaks(String bodyMarker, String... secrets) {
        for (String secret : secrets) {
            forbidden.add(secret);
            if (secret.startsWith("whsec_")) forbidden.add(secret.substring("whsec_".length()));
        }
        byte[] marker = bodyMarker.getBytes(StandardCharsets.UTF_8);
        forbidden.add(bodyMarker);
        forbidden.add(HexFormat.of().formatHex(marker));
        forbidden.add(HexFormat.of().withUpperCase().formatHex(marker));
        forbidden.addAll(base64Fragments(marker));
    }

    /** Remembers a signature that was sent: no fragment of its v1 hex may be logged (so neither may the whole header). */
    void sent(String stripeSignature) {
        String v1 = stripeSignature.substring(stripeSignature.indexOf("v1=") + 3).toLowerCase(Locale.ROOT);
        signatureFragments.add(v1.substring(0, SIGNATURE_FRAGMENT));
    }

    /** Every forbidden thing found in {@code log}, with the line it is on. */
    List<String> in(String log) {
        List<String> found = new ArrayList<>();
        for (String line : log.split("\n")) {
            for (String f : forbidden) {
                int at = line.indexOf(f);
                if (at >= 0) found.add("'" + f + "' in: " + around(line, at));
            }
            Matcher hex = HEX_RUN.matcher(line);
            while (hex.find()) {
                String run = hex.group().toLowerCase(Locale.ROOT);
                for (int i = 0; i + SIGNATURE_FRAGMENT <= run.length(); i++) {
                    if (signatureFragments.contains(run.substring(i, i + SIGNATURE_FRAGMENT))) {
                        found.add("a sent signature's v1 in: " + around(line, hex.start() + i));
                        break;
                    }
                }
            }
        }
        return found;
    }

    /**
     * Base64 of the marker at each of the three byte alignments it can have inside a longer value: the
     * characters that encode only marker bytes are the same whatever surrounds it.
     */
    private static List<String> base64Fragments(byte[] marker) {
        List<String> fragments = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] padded = new byte[offset + marker.length];
            System.arraycopy(marker, 0, padded, offset, marker.length);
            String encoded = Base64.getEncoder().encodeToString(padded);
            int from = 4 * ((offset + 2) / 3);
            int to = 4 * ((offset + marker.length) / 3);
            fragments.add(encoded.substring(from, to));
            fragments.add(Base64.getUrlEncoder().encodeToString(padded).substring(from, to));
        }
        return fragments;
    }

    /** The start of the line (which logger, which message) and the text around the find. */
    private static String around(String line, int at) {
        String start = line.substring(0, Math.min(line.length(), 160));
        return at < 160 ? start : start + " ... " + line.substring(Math.max(160, at - 120), Math.min(line.length(), at + 80));
    }
}
