package dev.junction.spring.boot;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link HttpClient}s the starter makes for its own beans (the resilient client, the outbox's sender), closed
 * with the context: each holds a selector thread and its connections, which a context closed and made again (tests,
 * a restart in DevTools) would otherwise leave behind. Not the application's clients: it never sees them.
 */
final class StarterHttpClients implements AutoCloseable {

    /** Imported by each auto-configuration that makes clients; Spring registers it once. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean(destroyMethod = "close")
        StarterHttpClients junctionStarterHttpClients() {
            return new StarterHttpClients();
        }
    }

    /** How long calls still in flight at close may finish before the clients are stopped. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();

    HttpClient newClient() {
        HttpClient client = HttpClient.newHttpClient();
        clients.add(client);
        return client;
    }

    List<HttpClient> clients() {
        return List.copyOf(clients);
    }

    @Override
    public void close() {
        for (HttpClient c : clients) c.shutdown();
        try {
            for (HttpClient c : clients) if (!c.awaitTermination(GRACE)) c.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (HttpClient c : clients) c.shutdownNow();
        }
    }
}
