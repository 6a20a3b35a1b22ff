package dev.junction.server.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.engine.ical.sim.OtaSimulation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The iCal demo's outside world on 127.0.0.1: the simulated Airbnb, Booking.com and VRBO feeds of each unit at
 * {@code GET /feeds/{unit}/{channel}.ics}, answering what the simulation's feed answers at the clock's instant (503s,
 * a login page, a truncated body, an empty 200 included), and the property manager's system receiving the
 * gateway's messages at {@code POST /pms}, each remembered once by its webhook-id.
 */
final class SimulatedChannels implements AutoCloseable {

    private final HttpServer server;
    private final OtaSimulation sim;
    private final Clock clock;
    final Set<String> received = ConcurrentHashMap.newKeySet();

    SimulatedChannels(OtaSimulation sim, Clock clock) throws IOException {
        this.sim = sim;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/feeds/", this::feed);
        server.createContext("/pms", this::pms);
        server.start();
    }

    String feedUrl(String unit, String channel) {
        return base() + "/feeds/" + unit + "/" + channel + ".ics";
    }

    String pmsUrl() {
        return base() + "/pms";
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void feed(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/"); // "", "feeds", unit, "channel.ics"
            OtaSimulation.Unit unit = parts.length == 4 ? sim.units().stream().filter(u -> u.name().equals(parts[2])).findFirst().orElse(null) : null;
            String channel = parts.length == 4 ? parts[3].replace(".ics", "") : null;
            if (unit == null || !OtaSimulation.CHANNELS.contains(channel)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            OtaSimulation.Answer answer = sim.answer(unit, channel, clock.instant());
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    private void pms(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) received.add(id);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
