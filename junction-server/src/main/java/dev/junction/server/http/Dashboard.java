package dev.junction.server.http;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard: static HTML, CSS and JS modules from the jar ({@code /dashboard/*}, the page itself at
 * {@code /}) that read the admin API from the browser. No build step, nothing from other origins: the
 * content security policy allows this origin only.
 */
final class Dashboard {

    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            // Small files, and a new jar must show its own page at once.
            "Cache-Control", "no-cache");

    private Dashboard() {}

    static void register(JavalinConfig config) {
        byte[] page = read("/dashboard/index.html");
        StaticAssets files = new StaticAssets("/dashboard", HEADERS);
        config.routes.get("/dashboard/{file}", files);
        config.routes.head("/dashboard/{file}", files);
        config.routes.get("/", ctx -> {
            HEADERS.forEach(ctx::header);
            ctx.contentType("text/html; charset=utf-8").result(page);
        });
    }

    /** A resource of the jar, whole; a missing one is a broken build. */
    static byte[] read(String resource) {
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
