package dev.junction.client.money;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Stripe's {@code amount} integers for {@link Money}, with Stripe's documented special cases: zero-decimal
 * currencies (JPY 500 is {@code 500}), ISK and UGX as two-decimal values of whole units (5 ISK is {@code 500}), the
 * three-decimal currencies whose last digit must be 0, MGA zero-decimal though ISO gives it 2 decimals, and HUF and
 * TWD, charged with two decimals but paid out in whole units. Every other currency, COP included, is sent with its ISO
 * exponent: 12,345 COP is {@code 1234500}, never guessed to be "COP without cents". What Stripe cannot take exactly
 * is an {@link AmountNotRepresentableException}, never rounded.
 */
public final class StripeAmounts {

    private StripeAmounts() {}

    /** Stripe's {@code amount} for charging {@code money} (Payment Intents, Charges, Refunds, Prices). */
    public static long toStripe(Money money) {
        String code = money.currency().getCurrencyCode();
        int shift = StripeCurrencies.amountExponent(code, money.exponent()) - money.exponent();
        long amount = shift >= 0 ? scaleUp(money, shift) : scaleDown(money, -shift);
        if (StripeCurrencies.THREE_DECIMAL_LAST_ZERO.contains(code) && amount % 10 != 0) {
            throw new AmountNotRepresentableException(money + " cannot be sent to Stripe: the last of " + code
                    + "'s 3 decimals must be 0 (round to a multiple of 0.010 first)");
        }
        return amount;
    }

    /** The {@link Money} a Stripe {@code amount} in {@code currency} (e.g. {@code "isk"}) stands for. */
    public static Money fromStripe(long amount, String currency) {
        Currency c = CurrencyExponents.currency(currency);
        int iso = CurrencyExponents.exponent(c);
        int shift = StripeCurrencies.amountExponent(c.getCurrencyCode(), iso) - iso;
        BigDecimal minor = BigDecimal.valueOf(amount).movePointLeft(shift);
        if (minor.stripTrailingZeros().scale() > 0) {
            throw new AmountNotRepresentableException("Stripe amount " + amount + " " + c.getCurrencyCode() + " is not a whole number of "
                    + c.getCurrencyCode() + "'s minor units (Stripe writes " + c.getCurrencyCode() + " with " + (iso + shift)
                    + " decimals, ISO 4217 with " + iso + ")");
        }
        try {
            return new Money(minor.longValueExact(), c);
        } catch (ArithmeticException e) {
            throw new AmountNotRepresentableException("Stripe amount " + amount + " " + c.getCurrencyCode() + " is more minor units than a long holds");
        }
    }

    /** Stripe's {@code amount} for a manual payout of {@code money}: as a charge, but HUF and TWD in whole units only. */
    public static long toStripePayout(Money money) {
        long amount = toStripe(money);
        String code = money.currency().getCurrencyCode();
        if (StripeCurrencies.WHOLE_UNIT_PAYOUTS.contains(code) && amount % 100 != 0) {
            throw new AmountNotRepresentableException(money + " cannot be paid out by Stripe: " + code + " payouts are whole units"
                    + " (an amount divisible by 100); pay out " + BigDecimal.valueOf(amount / 100) + " " + code + " instead");
        }
        return amount;
    }

    private static long scaleUp(Money money, int digits) {
        try {
            return Math.multiplyExact(money.minorUnits(), BigDecimal.TEN.pow(digits).longValueExact());
        } catch (ArithmeticException e) {
            throw new AmountNotRepresentableException(money + " is more than Stripe's amount can hold");
        }
    }

    private static long scaleDown(Money money, int digits) {
        long unit = BigDecimal.TEN.pow(digits).longValueExact();
        if (money.minorUnits() % unit != 0) {
            throw new AmountNotRepresentableException(money + " cannot be sent to Stripe: Stripe takes "
                    + money.currency().getCurrencyCode() + " in whole units (a zero-decimal currency there)");
        }
        return money.minorUnits() / unit;
    }
}
