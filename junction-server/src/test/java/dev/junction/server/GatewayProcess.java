package dev.junction.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real {@code junction serve} in a child JVM, so a test can SIGKILL it. */
public final class GatewayProcess implements AutoCloseable {

    private final Path config;
    private final Path log;
    private final Map<String, String> env;
    private final int port;
    private final List<String> jvmOptions = new java.util.ArrayList<>();
    private Process process;

    public GatewayProcess(Path config, Path log, Map<String, String> env, int port) {
        this.config = config;
        this.log = log;
        this.env = env;
        this.port = port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Logs as the packaged gateway does (its logback.xml), not as the test class path would: the store's
     * test classes carry a logback-test.xml, which logback prefers.
     */
    public GatewayProcess withProductionLogging() {
        java.net.URL xml = GatewayProcess.class.getClassLoader().getResource("logback.xml");
        if (xml == null) throw new IllegalStateException("logback.xml is not on the class path");
        jvmOptions.add("-Dlogback.configurationFile=" + xml);
        return this;
    }

    public GatewayProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.junction.server.cli.JunctionCli", "serve", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            // 120 s: on a shared, loaded build machine a cold JVM took 31 s to answer, and three started at once
            // (ClusterTest) took about 60 s each at a load average of 20 on 2 cores.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) throw new IllegalStateException("gateway exited: " + Files.readString(log));
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
        } catch (RuntimeException e) {
            // The caller never gets this object to close: a gateway slow to start would outlive the test.
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    /** SIGTERM, as a service manager stops a gateway: its shutdown hook runs; waits until it has exited. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    /** The child's process id (also in its node id, and so in its PostgreSQL application_name). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) kill();
    }
}
