package dev.junction.core.explain;

import static dev.junction.core.explain.Area.RELIABILITY;

import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.event.EventTypeGlob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Stripe events a payments integration must handle, each with what it means for the business; a Stripe
 * source whose routes take none of one drops it, stored but delivered nowhere.
 */
final class PaymentEvents implements Check {

    /** Event type, and what it means for the business: one fact in one place, read by check and explain. */
    static final Map<String, String> MUST_HANDLE = must();

    static final Rule PAYMENT_EVENTS = new Rule("payment-events", RELIABILITY, "Payment events that need an answer are routed",
            "Some Stripe events need someone to act: a failed payment starts dunning, a dispute has a deadline for evidence, "
                    + "a refund or a cancelled subscription changes what the customer may use. An event no route takes is stored "
                    + "and delivered nowhere.",
            "Add the missing types to a route's when.type (e.g. \"invoice.payment_failed\", \"charge.dispute.*\"), or leave "
                    + "out when to take every event.");

    private static Map<String, String> must() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("payment_intent.succeeded", "a payment went through: fulfil the order");
        m.put("payment_intent.payment_failed", "a payment failed: tell the customer, do not fulfil");
        m.put("invoice.paid", "a subscription's invoice was paid: keep access on");
        m.put("invoice.payment_failed", "a subscription payment failed: dunning starts, retry the card and warn the customer before access ends");
        m.put("charge.dispute.created", "a chargeback was opened: evidence is due by a deadline, and the amount is held");
        m.put("charge.dispute.closed", "a dispute ended: won (funds back) or lost (funds and fee gone)");
        m.put("charge.refunded", "money went back to the customer: reverse what the payment granted");
        m.put("customer.subscription.created", "a subscription started: grant access");
        m.put("customer.subscription.updated", "a plan, quantity or status changed: adjust access and billing");
        m.put("customer.subscription.deleted", "a subscription ended: revoke access");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public List<Rule> rules() {
        return List.of(PAYMENT_EVENTS);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        return b.sources().values().stream().filter(s -> s.verify() != null && "stripe".equals(s.verify().scheme()))
                .map(s -> finding(s, b.routes()));
    }

    /** The must-handle types no route of {@code source} takes. */
    static List<String> dropped(String source, List<RouteSpec> routes) {
        List<RouteSpec> mine = routes.stream().filter(r -> r.from().equals(source)).toList();
        return MUST_HANDLE.keySet().stream().filter(type -> mine.stream().noneMatch(r -> r.when() == null
                || EventTypeGlob.anyMatches(EventTypeGlob.all(r.when().types()), type))).toList();
    }

    private static Finding finding(SourceSpec s, List<RouteSpec> routes) {
        List<String> dropped = dropped(s.name(), routes);
        String path = "sources." + s.name();
        return dropped.isEmpty()
                ? PAYMENT_EVENTS.pass(s.name(), path, "every payment event that needs an answer is routed")
                : PAYMENT_EVENTS.warn(s.name(), path, "no route takes " + String.join(", ", dropped));
    }
}
