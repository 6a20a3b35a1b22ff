package dev.junction.client.idempotency;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details, as the gateway writes them: a type under {@code /problems/}, a title and what to do. */
final class Problems {

    private Problems() {}

    static void write(HttpServletResponse response, int status, String slug, String title, String detail) throws IOException {
        byte[] bytes = json(status, slug, title, detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static byte[] json(int status, String slug, String title, String detail) {
        return ("{\"type\":\"/problems/" + slug + "\",\"title\":" + quote(title) + ",\"status\":" + status
                + ",\"detail\":" + quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c)); else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
