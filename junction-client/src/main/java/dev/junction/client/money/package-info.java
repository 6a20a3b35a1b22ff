/**
 * Money in minor units: {@link dev.junction.client.money.Money} holds an exact count of a currency's ISO 4217 minor
 * units, and {@link dev.junction.client.money.StripeAmounts} turns it into Stripe's {@code amount} and back with
 * Stripe's documented special currencies, refusing (never rounding) what cannot be represented.
 */
package dev.junction.client.money;
