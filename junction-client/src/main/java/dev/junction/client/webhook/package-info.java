/**
 * Webhooks a service receives itself: {@link dev.junction.client.webhook.WebhookVerifier} checks a provider's
 * signature with the gateway's schemes (tolerance, rotation) in one call, and
 * {@link dev.junction.client.webhook.WebhookInbox} recognises a provider's redelivery by the webhook's id.
 */
package dev.junction.client.webhook;
