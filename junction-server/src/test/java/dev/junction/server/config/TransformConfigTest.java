package dev.junction.server.config;

import static dev.junction.server.config.ConfigErrorsTest.ENV;
import static dev.junction.server.config.ConfigErrorsTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code name:} and {@code transform:} on routes and destinations: what loads, and each mistake as one positioned line. */
class TransformConfigTest {

    private static final String HEAD = """
            store: { url: "sqlite:./junction.db" }
            sources:
              stripe:
                verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
              shop:
                verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
            destinations:
              crm: { url: "http://127.0.0.1:9/crm" }
              ledger: { url: "http://127.0.0.1:9/ledger" }
            routes:
            """;

    @TempDir
    Path dir;

    @Test
    void namesAndInlineBlockAndDestinationTransformsLoadVerbatim() {
        JunctionConfig config = ConfigLoader.parse(HEAD.replace("  ledger: { url: \"http://127.0.0.1:9/ledger\" }",
                "  ledger: { url: \"http://127.0.0.1:9/ledger\", transform: '{ \"amount\": data.amount }' }") + """
                  - name: stripe-to-crm
                    from: stripe
                    to: [crm, ledger]
                    transform: |
                      {
                        "id": id,
                        "at": $fromMillis(created * 1000)
                      }
                """, "junction.yaml", ENV);
        assertThat(config.routes().get(0).name()).isEqualTo("stripe-to-crm");
        // Verbatim: JSONata's $ are its own, never taken for ${...} interpolation.
        assertThat(config.routes().get(0).transform().expression()).contains("$fromMillis(created * 1000)");
        assertThat(config.routes().get(0).transform().origin()).isEqualTo("junction.yaml:14:16");
        assertThat(config.destinations().get("ledger").transform().expression()).isEqualTo("{ \"amount\": data.amount }");
        assertThat(config.destinations().get("crm").transform()).isNull();
    }

    @Test
    void anInlineExpressionThatDoesNotCompileGivesItsYamlPositionAndItsOwn() {
        assertThat(message(HEAD + """
                  - from: stripe
                    to: crm
                    transform: |
                      {
                        "id": id,
                        "total": amount * ,
                      }
                """)).isEqualTo("junction.yaml:13:16: routes[0].transform: does not compile at 3:21 of the expression: S0211: "
                + "The symbol \",\" cannot be used as a unary operator");
    }

    @Test
    void aMappingFileThatDoesNotCompileIsNamedWithTheLineAndColumnInIt() throws Exception {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("mappings/crm.jsonata"), "{\n  \"id\": id,\n  \"x\": $uppercase(name\n}\n");
        Path config = Files.writeString(dir.resolve("junction.yaml"), HEAD + """
                  - from: stripe
                    to: crm
                    transform: { file: mappings/crm.jsonata }
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, ENV));
        assertThat(e.getMessage()).isEqualTo(config + ":13:24: routes[0].transform.file: mappings/crm.jsonata:4:1: does not compile: "
                + "S0202: Expected \")\", got \"}\"");
        assertThat(e.line()).isEqualTo(13);
    }

    @Test
    void aMappingFileThatIsNotThereIsSaidPlainly() throws Exception {
        Path config = Files.writeString(dir.resolve("junction.yaml"), HEAD + """
                  - { from: stripe, to: crm, transform: { file: mappings/missing.jsonata } }
                """);
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, ENV)).getMessage()).isEqualTo(config
                + ":11:49: routes[0].transform.file: no such file: mappings/missing.jsonata (a relative path is read from the configuration file's directory)");
    }

    @Test
    void aDestinationTransformIsCheckedToo() {
        assertThat(message(HEAD.replace("  crm: { url: \"http://127.0.0.1:9/crm\" }",
                "  crm: { url: \"http://127.0.0.1:9/crm\", transform: \"$uppercase(\" }") + "  - { from: stripe, to: crm }\n"))
                .startsWith("junction.yaml:8:52: destinations.crm.transform: does not compile");
    }

    @Test
    void twoRoutesOfOneSourceToOneDestinationWithDifferentTransformsAreRefused() {
        assertThat(message(HEAD + """
                  - name: customers
                    from: stripe
                    to: crm
                    transform: '{ "customer": id }'
                  - from: shop
                    to: crm
                    transform: '{ "order": id }'
                  - from: stripe
                    to: [ledger, crm]
                """)).isEqualTo("junction.yaml:18:5: routes[2]: this route and route 'customers' both send source 'stripe' to destination"
                + " 'crm' with different transforms or enrichments; a delivery has one body: give both the same, put the transform on the destination,"
                + " or send to a second destination");
    }

    @Test
    void routeNamesAreUniqueAndPlain() {
        assertThat(message(HEAD + """
                  - { name: crm-feed, from: stripe, to: crm }
                  - { name: crm-feed, from: shop, to: crm }
                """)).isEqualTo("junction.yaml:12:13: routes[1].name: route name 'crm-feed' is already used at line 11");
        assertThat(message(HEAD + """
                  - { name: "crm feed", from: stripe, to: crm }
                """)).isEqualTo("junction.yaml:11:13: routes[0].name: \"crm feed\" is not a route name (letters, digits, '.', '_' and '-', e.g. crm-customers)");
    }

    @Test
    void anEnrichmentUrlMayTakeEventValuesInItsPathOnlyAndIntoIsAPointer() {
        assertThat(message(HEAD + """
                  - { from: stripe, to: crm, enrich: { url: "https://{/data/host}/customers", into: /customer } }
                """)).isEqualTo("junction.yaml:11:45: routes[0].enrich.url: a {/pointer} may stand in the path or query only, never in the host");
        assertThat(message(HEAD + """
                  - { from: stripe, to: crm, enrich: { url: "ftp://api.example/c/{/id}", into: /customer } }
                """)).isEqualTo("junction.yaml:11:45: routes[0].enrich.url: must be an http or https URL");
        assertThat(message(HEAD + """
                  - { from: stripe, to: crm, enrich: { url: "https://api.example/c/{/id}", into: customer } }
                """)).isEqualTo("junction.yaml:11:82: routes[0].enrich.into: must be a JSON pointer below the root (e.g. /customer)");
        JunctionConfig ok = ConfigLoader.parse(HEAD + """
                  - { from: stripe, to: crm, enrich: { url: "https://api.example/c/{/data/customer}?expand=1", into: /customer, cache: 5m } }
                """, "junction.yaml", ENV);
        assertThat(ok.routes().get(0).enrich().cache()).hasMinutes(5);
        assertThat(ok.routes().get(0).enrich().timeout()).hasSeconds(10);
    }
}
