package dev.junction.client.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of one currency, held exactly as a count of its ISO 4217 minor units ({@link CurrencyExponents}):
 * {@code Money.of("12.34", "EUR").minorUnits()} is 1234, {@code Money.of("500", "JPY").minorUnits()} is 500.
 * Never a {@code double}, never rounded: an amount with more decimals than its currency has is refused.
 *
 * @param minorUnits the amount in minor units (cents, fils, yen)
 * @param currency   the ISO 4217 currency
 */
public record Money(long minorUnits, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        CurrencyExponents.exponent(currency);
    }

    /**
     * The amount written in major units ({@code "12.34"}, {@code "-5"}, {@code "1e3"}) of the currency {@code code}.
     *
     * @throws AmountNotRepresentableException with more decimals than the currency has, or too many minor units
     */
    public static Money of(String amount, String code) {
        Currency currency = CurrencyExponents.currency(code);
        // Only ASCII digits: BigDecimal also reads other scripts' digits (an Arabic-Indic 3 as 3), which no API sends.
        if (amount == null || !amount.strip().matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
            throw new IllegalArgumentException("amount must be a decimal number such as 12.34, but was " + (amount == null ? "nothing" : amount));
        }
        BigDecimal major;
        try {
            major = new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount must be a decimal number such as 12.34, but was " + amount);
        }
        return of(major, currency);
    }

    /** The amount {@code major} in major units of {@code currency}; see {@link #of(String, String)}. */
    public static Money of(BigDecimal major, Currency currency) {
        int exponent = CurrencyExponents.exponent(currency);
        // Judged before moving the point, and quoted as written: an exponent such as 1E-2147483647 would otherwise
        // overflow the scale, or spell out a message of billions of zeros.
        BigDecimal exact = major.stripTrailingZeros();
        if (exact.scale() > exponent) {
            throw new AmountNotRepresentableException(quote(major) + " " + currency.getCurrencyCode() + " has more decimals than "
                    + currency.getCurrencyCode() + "'s " + exponent + ": round it before making Money of it");
        }
        try {
            if (exact.precision() - exact.scale() > 19) throw new ArithmeticException("more digits than a long");
            return new Money(exact.movePointRight(exponent).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new AmountNotRepresentableException(quote(major) + " " + currency.getCurrencyCode() + " is more minor units than a long holds");
        }
    }

    /** The amount as written, in plain digits unless that would be long (an extreme exponent). */
    private static String quote(BigDecimal amount) {
        return Math.abs((long) amount.scale()) <= 40 ? amount.toPlainString() : amount.toString();
    }

    /** {@code minorUnits} minor units of the currency {@code code}. */
    public static Money ofMinor(long minorUnits, String code) {
        return new Money(minorUnits, CurrencyExponents.currency(code));
    }

    /** The currency's ISO 4217 exponent. */
    public int exponent() {
        return CurrencyExponents.exponent(currency);
    }

    /** The amount in major units, with the currency's decimals: 12.34, 500, 5.120. */
    public BigDecimal amount() {
        return BigDecimal.valueOf(minorUnits, exponent());
    }

    /** This plus {@code other}, of the same currency. */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currencies must match, but were " + currency.getCurrencyCode() + " and " + other.currency.getCurrencyCode());
        }
        try {
            return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
        } catch (ArithmeticException e) {
            throw new AmountNotRepresentableException(this + " + " + other + " is more minor units than a long holds");
        }
    }

    /** {@code "12.34 EUR"}. */
    @Override
    public String toString() {
        return amount().toPlainString() + " " + currency.getCurrencyCode();
    }
}
