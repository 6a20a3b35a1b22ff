package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    static final Map<String, String> ENV = Map.of("HOST", "db", "EMPTY", "", "TRICKY", "x\n  url: evil ${HOST}");

    static String apply(String text) throws Interpolation.Problem {
        return Interpolation.apply(text, ENV, false);
    }

    @Test
    void substitutesVariables() throws Exception {
        assertThat(apply("postgres://${HOST}:5432/${HOST}")).isEqualTo("postgres://db:5432/db");
        assertThat(apply("no references, $5 and $HOST stay")).isEqualTo("no references, $5 and $HOST stay");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmpty() throws Exception {
        assertThat(apply("${MISSING:-./data}")).isEqualTo("./data");
        assertThat(apply("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(apply("${HOST:-fallback}")).isEqualTo("db");
        assertThat(apply("${MISSING:-}")).isEmpty();
    }

    @Test
    void setButEmptyWithoutDefaultIsEmpty() throws Exception {
        assertThat(apply("[${EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void doubleDollarEscapesALiteralReference() throws Exception {
        assertThat(apply("$${HOST}")).isEqualTo("${HOST}");
        assertThat(apply("a$${b}c${HOST}")).isEqualTo("a${b}cdb");
        assertThat(apply("$$HOST")).isEqualTo("$$HOST");
    }

    @Test
    void substitutedValuesAreNotReinterpreted() throws Exception {
        // Neither re-interpolated nor re-parsed as YAML: the value is taken verbatim.
        assertThat(apply("${TRICKY}")).isEqualTo("x\n  url: evil ${HOST}");
    }

    @Test
    void missingVariableIsNamed() {
        assertThatThrownBy(() -> apply("${STRIPE_WEBHOOK_SECRET}"))
                .hasMessage("environment variable STRIPE_WEBHOOK_SECRET is not set");
    }

    @Test
    void malformedReferences() {
        assertThatThrownBy(() -> apply("${HOST")).hasMessageStartingWith("unterminated ${");
        assertThatThrownBy(() -> apply("${HOST:default}")).hasMessageStartingWith("invalid environment reference ${HOST:default}");
        assertThatThrownBy(() -> apply("${}")).hasMessageStartingWith("invalid environment reference ${}");
        assertThatThrownBy(() -> Interpolation.apply("${top secret}", ENV, true))
                .hasMessageStartingWith("invalid environment reference (").message().doesNotContain("top secret");
    }

    @Test
    void loaderInterpolatesValuesWithDefaultsAndEscapes() {
        JunctionConfig config = ConfigLoader.parse("""
                server: { host: "${BIND:-127.0.0.1}", port: "${PORT:-8081}" }
                store: { url: "sqlite:${DATA:-/tmp}/j.db", user: "$${literal}" }
                sources: {}
                destinations: {}
                routes: []
                """, "t.yaml", Map.of("DATA", "/srv"));
        assertThat(config.server()).isEqualTo(new JunctionConfig.Server("127.0.0.1", 8081));
        assertThat(config.store()).isEqualTo(new JunctionConfig.Store("sqlite:/srv/j.db", "${literal}", null));
    }
}
