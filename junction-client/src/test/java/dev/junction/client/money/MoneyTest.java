package dev.junction.client.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1} is {2} minor units")
    @CsvSource({"12.34, EUR, 1234", "12.3, eur, 1230", "500, JPY, 500", "5.120, KWD, 5120", "5, ISK, 5", "0.0001, CLF, 1",
            "-7.5, USD, -750", "12345, COP, 1234500", "1e3, GBP, 100000"})
    void minorUnitsFollowTheIsoExponent(String amount, String currency, long minor) {
        assertThat(Money.of(amount, currency).minorUnits()).isEqualTo(minor);
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRefusedNotRounded() {
        assertThatThrownBy(() -> Money.of("12.345", "EUR")).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("12.345 EUR has more decimals than EUR's 2: round it before making Money of it");
        assertThatThrownBy(() -> Money.of("1.5", "JPY")).isInstanceOf(AmountNotRepresentableException.class);
        assertThatThrownBy(() -> Money.of("99999999999999999999", "USD")).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessageContaining("more minor units than a long holds");
    }

    @Test
    void currenciesWithoutMinorUnitsOrUnknownToTheJdkAreRefused() {
        assertThatThrownBy(() -> Money.of("1", "XAU")).hasMessageContaining("XAU (a fund, metal or drawing right) has none");
        assertThatThrownBy(() -> Money.of("1", "EURO")).hasMessage("currency must be an ISO 4217 code this JDK knows, but was EURO");
        assertThatThrownBy(() -> Money.of("12,34", "EUR")).hasMessage("amount must be a decimal number such as 12.34, but was 12,34");
        assertThatThrownBy(() -> Money.of("\u0663", "EUR")).hasMessage("amount must be a decimal number such as 12.34, but was \u0663");
        assertThatThrownBy(() -> Money.of(null, "EUR")).hasMessage("amount must be a decimal number such as 12.34, but was nothing");
        assertThatThrownBy(() -> Money.of("1", null)).hasMessage("currency must be an ISO 4217 code such as EUR, but was nothing");
        assertThat(Money.of(" -12.5 ", "EUR").minorUnits()).isEqualTo(-1250);
        assertThat(Money.of(".5", "EUR").minorUnits()).isEqualTo(50);
        assertThat(Money.of("1.2e1", "EUR").minorUnits()).isEqualTo(1200);
    }

    @Test
    void amountsPrintWithTheCurrencysDecimalsAndAddWithinOneCurrency() {
        assertThat(Money.ofMinor(5120, "KWD")).hasToString("5.120 KWD");
        assertThat(Money.of("0.10", "EUR").plus(Money.of("0.20", "EUR"))).isEqualTo(Money.of("0.3", "EUR"));
        assertThatThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "USD"))).hasMessage("currencies must match, but were EUR and USD");
    }

    /** An amount from outside, with an extreme exponent: refused in a short message, not an overflow or a huge string. */
    @Test
    void anExtremeExponentIsRefusedPlainly() {
        assertThatThrownBy(() -> Money.of("1E-2147483647", "EUR")).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("1E-2147483647 EUR has more decimals than EUR's 2: round it before making Money of it");
        assertThatThrownBy(() -> Money.of("1E+2147483647", "EUR")).isInstanceOf(AmountNotRepresentableException.class)
                .hasMessage("1E+2147483647 EUR is more minor units than a long holds");
    }
}
