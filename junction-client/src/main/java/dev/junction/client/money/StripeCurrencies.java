package dev.junction.client.money;

import java.util.Set;

/**
 * Stripe's documented currency rules (docs.stripe.com/currencies, "Zero-decimal currencies", "Three-decimal
 * currencies" and "Special cases"), in one place; {@link StripeAmounts} applies them.
 */
final class StripeCurrencies {

    /** The published zero-decimal list: the amount is whole units, not multiplied by 100. */
    static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF",
            "UGX", "VND", "VUV", "XAF", "XOF", "XPF");

    /**
     * "Transitioned to a zero-decimal currency, but backward compatibility requires you to represent it as a
     * two-decimal value, where the decimal amount is always 00": 5 ISK is 500. UGX is also on the zero-decimal list;
     * this more specific rule wins, as it is about the charge amount itself.
     */
    static final Set<String> TWO_DECIMAL_WHOLE_UNITS = Set.of("ISK", "UGX");

    /** Three decimals, but "the least-significant (last) digit must be 0": 5.124 KWD must become 5.120 or 5.130. */
    static final Set<String> THREE_DECIMAL_LAST_ZERO = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    /** Charged with two decimals, but "a zero-decimal currency for payouts": a payout amount must divide by 100. */
    static final Set<String> WHOLE_UNIT_PAYOUTS = Set.of("HUF", "TWD");

    private StripeCurrencies() {}

    /** The number of decimals of Stripe's {@code amount} for {@code code}. */
    static int amountExponent(String code, int isoExponent) {
        if (TWO_DECIMAL_WHOLE_UNITS.contains(code)) return 2;
        if (ZERO_DECIMAL.contains(code)) return 0;
        if (THREE_DECIMAL_LAST_ZERO.contains(code)) return 3;
        return isoExponent;
    }
}
