package dev.junction.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of one resource directory of the jar ({@code /dashboard}, {@code /portal}), served at
 * {@code GET <hosted>/{file}} with the given headers, a content type from the file's extension, and an ETag
 * (a 304 to a matching {@code If-None-Match}). Files are read from the class path on their first request and
 * kept. The directories are flat, so a file name is one path segment, and a name with anything but letters,
 * digits, '.', '-' and '_' is simply not found.
 * <p>
 * Why not Javalin's static files: for a class-path location, Jetty mounts the whole jar as a zip file system
 * while the server is being configured, reading all of its tens of thousands of entries, once per directory;
 * on a 2-core machine that was about a fifth of the main thread's work before the first request could be
 * answered (ADR 0032), for a dozen small files that may never be asked for.
 */
final class StaticAssets implements Handler {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private record Asset(byte[] bytes, String type, String etag) {}

    private final String directory;
    private final Map<String, String> headers;
    /** Found files only: names asked for in vain are not kept, so probing cannot grow it. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** @param directory a resource directory of the jar, e.g. {@code /dashboard} */
    StaticAssets(String directory, Map<String, String> headers) {
        this.directory = directory;
        this.headers = headers;
    }

    @Override
    public void handle(Context ctx) {
        String name = ctx.pathParam("file");
        Asset asset = cache.get(name);
        if (asset == null) {
            asset = load(name).orElseThrow(() -> new NotFound("file", ctx.path()));
            cache.put(name, asset);
        }
        headers.forEach(ctx::header);
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.type()).result(asset.bytes());
    }

    private Optional<Asset> load(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) return Optional.empty();
        try (InputStream in = StaticAssets.class.getResourceAsStream(directory + "/" + name)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, TYPES.getOrDefault(extension, "application/octet-stream"), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
