package dev.junction.server.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction transform} as a child process: what it prints, and its exit code for each kind of problem. */
class TransformCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(dir.resolve("junction.yaml"), """
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  shop:
                    verify: { scheme: none }
                destinations:
                  crm: { url: "http://127.0.0.1:9/crm" }
                  audit: { url: "http://127.0.0.1:9/audit" }
                routes:
                  - name: orders
                    from: shop
                    to: [crm, audit]
                    transform: '{ "order": id, "total_minor": $round(total * 100) }'
                  - name: raw
                    from: shop
                    to: audit
                    transform: '{ "order": id, "total_minor": $round(total * 100) }'
                """.formatted(dir));
    }

    private TransformCli.Run run(String event, String route) throws Exception {
        Path in = Files.writeString(dir.resolve("event.json"), event);
        return TransformCli.run(Map.of("PATH", System.getenv().getOrDefault("PATH", "")), in, "--config", config.toString(), "--route", route);
    }

    @Test
    void printsTheOneBodyEveryDestinationOfTheRouteWouldGet() throws Exception {
        TransformCli.Run run = run("{\"id\":\"o-1\",\"total\":12.34}", "orders");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree("{\"order\":\"o-1\",\"total_minor\":1234}"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aRouteNameItDoesNotKnowIsAUsageErrorListingTheNames() throws Exception {
        TransformCli.Run run = run("{}", "order");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("junction: no route named 'order' in " + config + " (routes: orders, raw)");
    }

    @Test
    void inputThatIsNotJsonIsAUsageErrorWithItsPosition() throws Exception {
        TransformCli.Run run = run("{\"id\": \"o-1\",\n \"total\": 12,34 }", "orders");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("junction: standard input is not JSON (line 2, column 14): ");
    }

    @Test
    void anExpressionThatFailsOnTheEventExitsOneWithTheError() throws Exception {
        TransformCli.Run run = run("{\"id\":\"o-1\",\"total\":\"twelve\"}", "orders");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("junction: route 'orders' to destination 'crm': the transform failed on this event: "
                + "T2001: The left side of the \"*\" operator must evaluate to a number");
    }

    @Test
    void aConfigurationErrorIsOneLineWithItsPosition() throws Exception {
        Files.writeString(config, Files.readString(config).replace("$round(total * 100)", "$round(total * )"));
        TransformCli.Run run = run("{}", "orders");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("junction: " + config + ":12:16: routes[0].transform: does not compile at 1:");
    }
}
