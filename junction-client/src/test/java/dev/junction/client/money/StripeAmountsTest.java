package dev.junction.client.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of docs.stripe.com/currencies, each both ways. */
class StripeAmountsTest {

    @ParameterizedTest(name = "{0} {1} is Stripe amount {2}")
    @CsvSource({
            "10, USD, 1000",          // "1000 to charge 10 USD"
            "500, JPY, 500",          // zero-decimal: "to charge 500 JPY, provide an amount value of 500"
            "5, ISK, 500",            // "to charge 5 ISK, provide an amount value of 500"
            "5, UGX, 500",            // "to charge 5 UGX, provide an amount value of 500"
            "5.120, KWD, 5120",       // three-decimal, last digit 0
            "10.45, HUF, 1045",       // HUF is charged with two decimals
            "800.45, TWD, 80045",
            "12345, COP, 1234500",    // COP is two-decimal at Stripe: never "COP without cents"
            "99999999.99, COP, 9999999999", // Stripe's COP maximum for non-card methods
            "200, MGA, 200"})         // zero-decimal at Stripe though ISO gives MGA two decimals
    void chargesAndBack(String amount, String currency, long stripe) {
        Money money = Money.of(amount, currency);
        assertThat(StripeAmounts.toStripe(money)).isEqualTo(stripe);
        assertThat(StripeAmounts.fromStripe(stripe, currency.toLowerCase())).isEqualTo(money);
    }

    @Test
    void aKwdAmountWhoseLastDigitIsNotZeroIsRefused() {
        assertThatThrownBy(() -> StripeAmounts.toStripe(Money.of("5.124", "KWD"))).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("5.124 KWD cannot be sent to Stripe: the last of KWD's 3 decimals must be 0 (round to a multiple of 0.010 first)");
    }

    @Test
    void fractionsOfIskOrUgxFromStripeAreRefused() {
        assertThatThrownBy(() -> StripeAmounts.fromStripe(550, "isk")).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("Stripe amount 550 ISK is not a whole number of ISK's minor units (Stripe writes ISK with 2 decimals, ISO 4217 with 0)");
        assertThatThrownBy(() -> StripeAmounts.fromStripe(501, "ugx")).isInstanceOf(AmountNotRepresentableException.class);
    }

    @Test
    void mgaWithAriaryFractionsCannotBeCharged() {
        assertThatThrownBy(() -> StripeAmounts.toStripe(Money.of("200.20", "MGA"))).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("200.20 MGA cannot be sent to Stripe: Stripe takes MGA in whole units (a zero-decimal currency there)");
    }

    @Test
    void hufAndTwdPayoutsAreWholeUnits() {
        // "if you have an available balance of HUF 10.45, you can pay out HUF 10 by submitting 1000"
        assertThat(StripeAmounts.toStripePayout(Money.of("10", "HUF"))).isEqualTo(1000);
        assertThatThrownBy(() -> StripeAmounts.toStripePayout(Money.of("10.45", "HUF"))).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("10.45 HUF cannot be paid out by Stripe: HUF payouts are whole units (an amount divisible by 100); pay out 10 HUF instead");
        assertThatThrownBy(() -> StripeAmounts.toStripePayout(Money.of("800.45", "TWD"))).isInstanceOf(AmountNotRepresentableException.class);
        assertThat(StripeAmounts.toStripePayout(Money.of("10.45", "EUR"))).isEqualTo(1045);
    }

    @Test
    void anAmountTooLargeForStripesLongIsRefused() {
        assertThatThrownBy(() -> StripeAmounts.toStripe(Money.ofMinor(Long.MAX_VALUE / 10, "ISK"))).isInstanceOf(AmountNotRepresentableException.class);
    }
}
