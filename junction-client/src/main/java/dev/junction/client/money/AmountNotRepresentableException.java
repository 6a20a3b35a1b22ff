package dev.junction.client.money;

/**
 * An amount that cannot be written exactly where it was asked to go: more decimals than the currency has, a
 * fraction a provider refuses, or more minor units than a {@code long} holds. Nothing is ever rounded silently; the
 * message says what was asked and what would be accepted.
 */
public final class AmountNotRepresentableException extends IllegalArgumentException {

    public AmountNotRepresentableException(String message) {
        super(message);
    }
}
