package dev.junction.client.webhook;

import java.util.Optional;

/**
 * A webhook whose signature checked out.
 *
 * @param source the verifier's name for the sender, e.g. {@code stripe}; scopes {@link #id} in a {@link WebhookInbox}
 * @param id     the key under which the provider's retries of this webhook are recognised: the provider's own event or
 *               delivery id (Stripe's {@code id}, GitHub's {@code X-GitHub-Delivery}, {@code webhook-id}), else
 *               {@code sha256:} and the body's hash
 * @param type   the event's type where the provider puts it, e.g. {@code payment_intent.succeeded}
 */
public record VerifiedWebhook(String source, String id, Optional<String> type) {}
