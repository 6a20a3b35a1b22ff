package dev.junction.engine.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.RouteSpec;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.store.PlannedDelivery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final WebhookRequest REQUEST = WebhookRequest.of(Map.of("X-Key", "k-1"),
            "{\"data\":{\"object\":{\"customer\":\"cus_1\"}}}".getBytes(StandardCharsets.UTF_8));

    private static RouteSpec.When types(String... globs) {
        return new RouteSpec.When(List.of(globs));
    }

    private static List<String> destinations(Router router, String source, String type) {
        return router.plan(source, type, REQUEST).stream().map(PlannedDelivery::destination).toList();
    }

    @Test
    void aRouteWithATypeFilterTakesOnlyTheTypesItNames() {
        Router router = new Router(List.of(
                new RouteSpec("stripe", List.of("billing"), null, types("payment_intent.*", "charge.dispute.*")),
                new RouteSpec("stripe", List.of("audit"))));

        assertThat(destinations(router, "stripe", "payment_intent.succeeded")).containsExactly("billing", "audit");
        assertThat(destinations(router, "stripe", "charge.dispute.funds_withdrawn")).containsExactly("billing", "audit");
        assertThat(destinations(router, "stripe", "customer.created")).containsExactly("audit");
        assertThat(destinations(router, "stripe", null)).as("no type: only routes without a filter").containsExactly("audit");
        assertThat(router.destinationsFor("stripe")).containsExactly("billing", "audit");
        assertThat(router.destinationsFor("stripe", "customer.created")).containsExactly("audit");
    }

    @Test
    void aMessageNoRouteTakesIsPlannedNowhere() {
        Router router = new Router(List.of(new RouteSpec("stripe", List.of("billing"), null, types("payment_intent.*"))));

        assertThat(router.plan("stripe", "customer.created", REQUEST)).isEmpty();
        assertThat(router.plan("stripe", null, REQUEST)).isEmpty();
        assertThat(router.plan("github", "push", REQUEST)).as("a source without routes").isEmpty();
    }

    @Test
    void aDestinationTakenByTwoRoutesGetsOneDeliveryWithTheFirstTakingRoutesOrdering() {
        RouteSpec.Ordering byHeader = new RouteSpec.Ordering("X-Key", null, false);
        RouteSpec.Ordering byCustomer = new RouteSpec.Ordering(null, "/data/object/customer", true);
        Router router = new Router(List.of(
                new RouteSpec("stripe", List.of("crm"), byHeader, types("customer.*")),
                new RouteSpec("stripe", List.of("crm", "billing"), byCustomer, types("customer.*", "invoice.*"))));

        assertThat(router.plan("stripe", "customer.updated", REQUEST)).containsExactly(
                new PlannedDelivery("crm", "k-1", false), new PlannedDelivery("billing", "cus_1", true));
        assertThat(router.plan("stripe", "invoice.paid", REQUEST)).as("the first route does not take it: the second's ordering")
                .containsExactly(new PlannedDelivery("crm", "cus_1", true), new PlannedDelivery("billing", "cus_1", true));
    }
}
