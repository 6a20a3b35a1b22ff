package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Gateway;
import dev.junction.server.RepoFiles;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.demo.crm.CrmSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code junction crm-simulator}: the trial in docs/sync.md ("Trying it on this machine") runs as written, its ports
 * moved to free ones, against simulators started by the command's own options; and each mistake is one line.
 */
class CrmSimulatorCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started.reversed()) c.close();
    }

    @Test
    void theDocumentedTrialKeepsThreeServedSimulatorsInStep() throws Exception {
        String doc = Files.readString(RepoFiles.find("docs/sync.md"));
        String trial = doc.substring(doc.indexOf("## Trying it on this machine"), doc.indexOf("## What happens to a change"));
        Map<String, String> ports = new HashMap<>();
        for (String port : List.of("9101", "9102", "9103", "8080")) ports.put(port, Integer.toString(freePort()));
        String shell = moved(String.join("\n", blocks(trial, "sh")), ports);
        String yaml = moved(blocks(doc, "yaml").getFirst(), ports)
                .replace("sqlite:./data/junction.db", "sqlite:" + dir.resolve("junction.db"))
                + "server: { host: 127.0.0.1, port: " + ports.get("8080") + " }\n";

        Map<String, String> env = new HashMap<>();
        Matcher exported = Pattern.compile("(?m)^export (.*)$").matcher(shell);
        while (exported.find()) {
            for (String pair : exported.group(1).trim().split("\\s+")) env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        for (String line : shell.lines().filter(l -> l.startsWith("./junction crm-simulator ")).toList()) {
            String[] args = line.replaceFirst("\\s*&$", "").substring("./junction crm-simulator ".length()).split("\\s+");
            CrmSimulatorCommand command = new CrmSimulatorCommand(env);
            new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args); // as JunctionCli does
            started.add(command.start());
        }
        assertThat(started).hasSize(3);
        assertThat(shell).contains("./junction serve --config sync.yaml");
        Map<String, String> gatewayEnv = new HashMap<>(env);
        gatewayEnv.putAll(dev.junction.server.GatewayUnderTest.ADMIN_ENV);
        started.add(Gateway.start(ConfigLoader.parse(yaml, "sync.yaml", gatewayEnv), Clock.systemUTC(), gatewayEnv));

        // The documented create, as curl sends it.
        Matcher create = Pattern.compile("-d '(\\{.*?})' ?").matcher(shell);
        assertThat(create.find()).isTrue();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("9101") + "/contacts"))
                .header("Authorization", "Bearer " + env.get("CRM_A_TOKEN")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(create.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        for (String[] other : List.of(new String[] {"9102", "CRM_B_TOKEN"}, new String[] {"9103", "CRM_C_TOKEN"})) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode found = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(other[0])
                        + "/contacts?email=ann@example.com")).header("Authorization", "Bearer " + env.get(other[1])).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(found.get("results")).hasSize(1);
                assertThat(found.get("results").get(0).get("first_name").asText()).isEqualTo("Ann");
            });
        }
        assertThat(shell).contains("curl -s \"http://127.0.0.1:" + ports.get("9102") + "/contacts?email=ann@example.com\"");
    }

    /** A gateway still starting when the first change is made gets it once it listens: the command retries for about a minute. */
    @Test
    void aChangeMadeBeforeTheGatewayListensReachesItOnceItDoes() throws Exception {
        int port = freePort();
        CrmSimulator crm = start(Map.of("S", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "--name", "crm-early",
                "--webhook-url", "http://127.0.0.1:" + port + "/in/a-hooks", "--webhook-secret-env", "S");
        started.add(crm);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(crm.baseUrl() + "/contacts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"ann@example.com\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // Four refused sends: as many as the builder's default allows before it gives up.
        await().atMost(Duration.ofSeconds(15)).until(() -> crm.webhookFailures() >= 4);

        com.sun.net.httpserver.HttpServer gateway = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
        gateway.createContext("/in/a-hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        gateway.start();
        started.add(() -> gateway.stop(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> crm.webhooksDelivered() == 1);
        assertThat(crm.webhooksGivenUp()).isZero();
    }

    @Test
    void withoutItsTokenARequestIsRefused() throws Exception {
        CrmSimulator crm = start(Map.of("T", "tok"), "--name", "crm-x", "--token-env", "T");
        started.add(crm);
        int status = HTTP.send(HttpRequest.newBuilder(URI.create(crm.baseUrl() + "/contacts")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(status).isEqualTo(401);
    }

    @Test
    void eachMistakeIsOneLineNamingItsOption() throws IOException {
        assertThatThrownBy(() -> start(Map.of(), "--token-env", "NOPE")).hasMessage("crm-simulator: --token-env names $NOPE, which is unset or empty");
        assertThatThrownBy(() -> start(Map.of(), "--webhook-url", "http://127.0.0.1:8080/in/a-hooks"))
                .hasMessageStartingWith("crm-simulator: --webhook-url needs --webhook-secret-env VAR");
        assertThatThrownBy(() -> start(Map.of("S", "whsec_MfKQ9r8G"), "--webhook-url", "ftp://x/", "--webhook-secret-env", "S"))
                .hasMessage("crm-simulator: --webhook-url must be an http(s) URL with a host, was ftp://x/");
        assertThatThrownBy(() -> start(Map.of("S", "not-a-secret"), "--webhook-secret-env", "S"))
                .hasMessageStartingWith("crm-simulator: $S must be a whsec_ secret").message().doesNotContain("not-a-secret");
        assertThatThrownBy(() -> start(Map.of(), "--port", "70000")).hasMessage("crm-simulator: --port must be from 0 to 65535, but was 70000");
        assertThatThrownBy(() -> start(Map.of(), "--name", "a b")).hasMessageStartingWith("crm-simulator: --name must be letters");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(Map.of(), "--port", Integer.toString(taken.getLocalPort())))
                    .hasMessageStartingWith("crm-simulator: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        CliRun help = CliRun.run("crm-simulator", "--help");
        assertThat(help.out()).contains("--webhook-secret-env", "--token-env");
    }

    private static CrmSimulator start(Map<String, String> env, String... args) {
        CrmSimulatorCommand command = new CrmSimulatorCommand(env);
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args); // as JunctionCli does
        return command.start();
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```" + language + "\\n(.*?)```").matcher(markdown);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    private static String moved(String text, Map<String, String> ports) {
        String out = text;
        for (Map.Entry<String, String> p : ports.entrySet()) {
            out = out.replace("127.0.0.1:" + p.getKey(), "127.0.0.1:" + p.getValue()).replace("--port " + p.getKey(), "--port " + p.getValue());
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
