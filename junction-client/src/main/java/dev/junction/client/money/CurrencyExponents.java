package dev.junction.client.money;

import java.util.Currency;
import java.util.Locale;

/**
 * A currency's ISO 4217 exponent (minor unit digits), as {@link Currency#getDefaultFractionDigits()} gives it, which
 * follows ISO 4217 for every circulating currency but is not the whole story:
 * <ul>
 *   <li>it is -1 for funds, metals and special drawing rights (XAU, XDR, XXX): no minor unit, refused here;</li>
 *   <li>it knows only the codes of the running JDK's currency data, which trails ISO 4217's amendments (this JDK has no
 *       UYW, whose ISO exponent is 4): an unknown code is refused, never guessed;</li>
 *   <li>it is not what payment providers use: Stripe sends ISK and UGX (ISO exponent 0) as two-decimal values, MGA
 *       (ISO 2) as zero-decimal, and pays out HUF and TWD in whole units only; see {@link StripeAmounts}.</li>
 * </ul>
 */
public final class CurrencyExponents {

    private CurrencyExponents() {}

    /** The ISO 4217 currency {@code code} names, in any case. */
    public static Currency currency(String code) {
        if (code == null) throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR, but was nothing");
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code this JDK knows, but was " + code);
        }
    }

    /** The ISO 4217 exponent of {@code currency}: 2 for EUR, 0 for JPY, 3 for KWD. */
    public static int exponent(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("currency must have a minor unit, but " + currency.getCurrencyCode()
                    + " (a fund, metal or drawing right) has none");
        }
        return digits;
    }
}
