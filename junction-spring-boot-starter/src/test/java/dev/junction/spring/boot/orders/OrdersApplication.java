package dev.junction.spring.boot.orders;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A small application using the starter as a service would: nothing but its own controller and properties. */
@SpringBootApplication
public class OrdersApplication {

    /** Creates orders; holds each request at {@link #gate} until the test opens it, so requests overlap for sure. */
    @RestController
    public static class OrdersController {
        public final AtomicInteger runs = new AtomicInteger();
        public volatile CountDownLatch gate = new CountDownLatch(0);

        @PostMapping("/api/orders")
        ResponseEntity<String> create(@RequestBody String body) throws InterruptedException {
            int order = runs.incrementAndGet();
            if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
            return ResponseEntity.status(201).header("Location", "/api/orders/" + order).header("Content-Type", "application/json")
                    .body("{\"order\":" + order + "}");
        }
    }
}
