package dev.junction.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeGlobTest {

    private static boolean matches(String glob, String type) {
        return EventTypeGlob.of(glob).matches(type);
    }

    @Test
    void withoutAStarAPatternIsExactCaseIncluded() {
        assertThat(matches("customer.created", "customer.created")).isTrue();
        assertThat(matches("customer.created", "customer.created.x")).isFalse();
        assertThat(matches("customer.created", "customer")).isFalse();
        assertThat(matches("customer.created", "Customer.Created")).isFalse();
        assertThat(EventTypeGlob.of("customer.created").isExact()).isTrue();
    }

    @Test
    void aStarMatchesAnyRunOfCharactersDotsIncluded() {
        assertThat(matches("payment_intent.*", "payment_intent.succeeded")).isTrue();
        assertThat(matches("charge.*", "charge.dispute.created")).as("dots included").isTrue();
        assertThat(matches("charge.*", "charge.")).as("the empty run").isTrue();
        assertThat(matches("charge.*", "charge")).isFalse();
        assertThat(matches("charge.*", "payment_intent.charge.x")).as("anchored at the start").isFalse();
        assertThat(matches("*.created", "customer.subscription.created")).isTrue();
        assertThat(matches("*.created", "customer.created.later")).as("anchored at the end").isFalse();
        assertThat(matches("orders/*", "orders/create")).as("Shopify topics").isTrue();
        assertThat(EventTypeGlob.of("charge.*").isExact()).isFalse();
    }

    @Test
    void starsInTheMiddleMatchTheirRunsInOrder() {
        assertThat(matches("customer.*.updated", "customer.subscription.updated")).isTrue();
        assertThat(matches("customer.*.updated", "customer.updated")).as("the dots around * are literal").isFalse();
        assertThat(matches("a*b*c", "abc")).isTrue();
        assertThat(matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(matches("a*b*c", "acb")).isFalse();
        assertThat(matches("ab*ba", "aba")).as("the runs may not overlap").isFalse();
        assertThat(matches("a*a*a", "aaa")).isTrue();
        assertThat(matches("a*a*a", "aa")).isFalse();
        assertThat(matches("x*yz*yz", "xyzyz")).isTrue();
    }

    @Test
    void aLoneStarMatchesEveryTypeButNotAMissingOne() {
        assertThat(matches("*", "anything.at.all")).isTrue();
        assertThat(matches("**", "x")).isTrue();
        assertThat(matches("*", null)).isFalse();
        assertThat(matches("customer.created", null)).isFalse();
    }

    @Test
    void anyOfAListMatches() {
        List<EventTypeGlob> globs = EventTypeGlob.all(List.of("payment_intent.*", "charge.dispute.*"));
        assertThat(EventTypeGlob.anyMatches(globs, "charge.dispute.closed")).isTrue();
        assertThat(EventTypeGlob.anyMatches(globs, "payment_intent.created")).isTrue();
        assertThat(EventTypeGlob.anyMatches(globs, "charge.succeeded")).isFalse();
        assertThat(EventTypeGlob.anyMatches(List.of(), "charge.succeeded")).isFalse();
    }

    @Test
    void aPatternMustBeANonEmptyString() {
        assertThatThrownBy(() -> EventTypeGlob.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an event type pattern must be a non-empty string, but was ''");
        assertThatThrownBy(() -> EventTypeGlob.of("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypeGlob.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an event type pattern must be a non-empty string, but was null");
    }
}
