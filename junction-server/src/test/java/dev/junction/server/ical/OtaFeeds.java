package dev.junction.server.ical;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real calendar feeds on 127.0.0.1 in each OTA's shape (as junction-engine's fixtures under src/test/resources/ical
 * show them), which a test changes between polls: {@code GET /{unit}/{channel}.ics}, an ETag per body and 304 to a
 * matching If-None-Match, as the OTAs' CDNs answer.
 */
final class OtaFeeds implements AutoCloseable {

    /** A stay as a channel's feed shows it; {@code code} is the platform's confirmation code (none on Booking.com). */
    record Stay(String uid, LocalDate start, LocalDate end, String code) {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    /** Feeds answering 429, with their Retry-After. */
    private final Map<String, String> limited = new ConcurrentHashMap<>();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String userAgent;

    OtaFeeds() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String unit, String channel) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + unit + "/" + channel + ".ics";
    }

    OtaFeeds set(String unit, String channel, String body) {
        bodies.put("/" + unit + "/" + channel + ".ics", body);
        return this;
    }

    /** The feed answers 404 from now on, as a channel does for a listing taken down. */
    OtaFeeds gone(String unit, String channel) {
        bodies.remove("/" + unit + "/" + channel + ".ics");
        return this;
    }

    /** The feed answers 429 with {@code Retry-After: retryAfter} from now on, as a rate-limited channel does. */
    OtaFeeds rateLimited(String unit, String channel, String retryAfter) {
        limited.put("/" + unit + "/" + channel + ".ics", retryAfter);
        return this;
    }

    /** Every request the feeds were asked, whatever the answer. */
    int requests() {
        return requests.get();
    }

    int notModified() {
        return notModified.get();
    }

    /** The User-Agent of the latest request. */
    String userAgent() {
        return userAgent;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            String retryAfter = limited.get(exchange.getRequestURI().getPath());
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
                exchange.sendResponseHeaders(429, -1);
                return;
            }
            String body = bodies.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/calendar; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Airbnb: {@code Reserved} with the reservation URL (and its HM code), plus the moving "Not available" window. */
    static String airbnb(LocalDate today, Stay... stays) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nPRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 1.0//EN\r\n"
                + "CALSCALE:GREGORIAN\r\nVERSION:2.0\r\n");
        for (Stay s : stays) event(ics, s, "Reserved", "Reservation URL: https://www.airbnb.com/hosting/reservations/details/" + s.code());
        event(ics, new Stay("7f0a3b5c1d2e-notice@airbnb.com", today, today.plusDays(2), null), "Airbnb (Not available)", null);
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    /** Booking.com: every closed night alike, {@code CLOSED - Not available}, dates only. */
    static String booking(Stay... stays) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//admin.booking.com//NONSGML Booking.com Calendar//EN\r\n"
                + "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
        for (Stay s : stays) event(ics, s, "CLOSED - Not available", null);
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    /** VRBO: {@code Reserved - <guest>} with its HA- code, and the owner's {@code Blocked} nights. */
    static String vrbo(List<Stay> stays, List<Stay> blocked) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nPRODID:-//HomeAway.com, Inc.//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n");
        for (Stay s : stays) event(ics, s, "Reserved - Maria K", "Reservation ID: " + s.code());
        for (Stay s : blocked) event(ics, s, "Blocked", null);
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    private static void event(StringBuilder ics, Stay s, String summary, String description) {
        ics.append("BEGIN:VEVENT\r\nUID:").append(s.uid()).append("\r\nDTSTAMP:20260810T040000Z\r\nDTSTART;VALUE=DATE:").append(DATE.format(s.start()))
                .append("\r\nDTEND;VALUE=DATE:").append(DATE.format(s.end())).append("\r\nSUMMARY:").append(summary).append("\r\n");
        if (description != null) ics.append("DESCRIPTION:").append(description).append("\r\n");
        ics.append("END:VEVENT\r\n");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
