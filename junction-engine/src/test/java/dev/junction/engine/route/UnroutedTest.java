package dev.junction.engine.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.RouteSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnroutedTest {

    private final Unrouted unrouted = new Unrouted(List.of("stripe", "github", "shop"), List.of(
            new RouteSpec("stripe", List.of("billing"), null, new RouteSpec.When(List.of("payment_intent.*", "charge.dispute.*"))),
            new RouteSpec("stripe", List.of("disputes"), null, new RouteSpec.When(List.of("charge.dispute.*", "radar.*"))),
            new RouteSpec("shop", List.of("warehouse"))));

    @Test
    void aTypeNoRouteTakesIsNamedWithWhatTheRoutesTake() {
        assertThat(unrouted.why("stripe", "customer.created"))
                .isEqualTo("no route of source 'stripe' takes type 'customer.created' (routes take: payment_intent.*, charge.dispute.*, radar.*)");
    }

    @Test
    void anEventWithoutATypeIsSaidToHaveNone() {
        assertThat(unrouted.why("stripe", null))
                .isEqualTo("no route of source 'stripe' takes events without a type (routes take: payment_intent.*, charge.dispute.*, radar.*)");
    }

    @Test
    void aSourceWithoutRoutesOrNoLongerConfiguredIsSaidSo() {
        assertThat(unrouted.why("github", "push")).isEqualTo("source 'github' has no routes");
        assertThat(unrouted.why("old", "push")).isEqualTo("source 'old' is no longer configured");
    }

    @Test
    void whenRoutesTakeItNowTheStorySaysWhyItHasNoDeliveriesAnyway() {
        assertThat(unrouted.why("stripe", "charge.dispute.created")).isEqualTo("routes of source 'stripe' take type 'charge.dispute.created'"
                + " now (to billing, disputes), but it has no deliveries: the routes changed after it arrived, or its dead deliveries were purged");
        assertThat(unrouted.why("shop", null)).startsWith("routes of source 'shop' take events without a type now (to warehouse)");
    }
}
