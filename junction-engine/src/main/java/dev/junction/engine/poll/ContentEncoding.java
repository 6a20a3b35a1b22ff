package dev.junction.engine.poll;

import dev.junction.engine.net.BoundedAnswer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A polled body as its server encoded it, decoded. Junction asks for no encoding, but a request without
 * {@code Accept-Encoding} takes any (RFC 9110 12.5.3), and a CDN or a pre-compressed static file answers gzip: read as
 * it came, a gzipped calendar was "not a calendar", held for good (never released by repetition), and a gzipped JSON
 * page "not JSON", on every poll. Decoded up to the same limit as the body itself, so a small bomb cannot fill the heap.
 */
final class ContentEncoding {

    /** An encoding Junction cannot read; its message names the encoding only. */
    static final class Unsupported extends IOException {
        Unsupported(String encoding) {
            super("the answer is encoded as " + encoding + ", which Junction does not read (gzip and deflate it does)");
        }
    }

    private ContentEncoding() {}

    /** @param encoding the Content-Encoding header, or null */
    static byte[] decode(String encoding, byte[] body, int maxBytes) throws IOException {
        if (encoding == null || body.length == 0) return body;
        String coding = encoding.trim().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> read(new GZIPInputStream(new ByteArrayInputStream(body)), maxBytes);
            case "deflate" -> read(new InflaterInputStream(new ByteArrayInputStream(body)), maxBytes);
            default -> throw new Unsupported(coding.length() > 40 ? coding.substring(0, 40) : coding);
        };
    }

    private static byte[] read(InputStream in, int maxBytes) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if ((long) out.size() + n > maxBytes) throw new BoundedAnswer.TooLarge(maxBytes);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
