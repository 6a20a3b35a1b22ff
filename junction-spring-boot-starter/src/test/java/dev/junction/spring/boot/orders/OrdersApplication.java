package dev.junction.spring.boot.orders;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.jdbc.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** A small application using the starter as a service would: nothing but its own controller and properties. */
@SpringBootApplication
public class OrdersApplication {

    /**
     * Runs the application on an embedded Tomcat at a random port, on a fresh database of {@code kind} given by
     * spring.datasource.url (so the DataSource is Spring Boot's own), with {@code properties} besides.
     */
    public static ConfigurableApplicationContext start(TestDatabases.Kind kind, Path dir, String... properties) {
        String url;
        try (HikariDataSource fresh = TestDatabases.fresh(kind, dir)) {
            url = fresh.getJdbcUrl();
        }
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + url, "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(OrdersApplication.class).properties(all.toArray(String[]::new)).run();
    }

    /** Creates orders; holds each request at {@link #gate} until the test opens it, so requests overlap for sure. */
    @RestController
    public static class OrdersController {
        public final AtomicInteger runs = new AtomicInteger();
        public volatile CountDownLatch gate = new CountDownLatch(0);

        @PostMapping("/api/orders")
        ResponseEntity<String> create(@RequestBody String body) throws InterruptedException {
            int order = runs.incrementAndGet();
            if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
            return created(order);
        }

        /** As {@link #create}, answered later by another thread through a DeferredResult. */
        @PostMapping("/api/deferred-orders")
        DeferredResult<ResponseEntity<String>> createDeferred(@RequestBody String body) {
            int order = runs.incrementAndGet();
            DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
            CompletableFuture.runAsync(() -> {
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
                    result.setResult(created(order));
                } catch (InterruptedException | RuntimeException e) {
                    result.setErrorResult(e);
                }
            });
            return result;
        }

        /** As {@link #create}, run by Spring MVC on its task executor through a Callable. */
        @PostMapping("/api/callable-orders")
        Callable<ResponseEntity<String>> createCallable(@RequestBody String body) {
            int order = runs.incrementAndGet();
            return () -> {
                if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
                return created(order);
            };
        }

        private static ResponseEntity<String> created(int order) {
            return ResponseEntity.status(201).header("Location", "/api/orders/" + order).header("Content-Type", "application/json")
                    .body("{\"order\":" + order + "}");
        }
    }
}
