package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code junction} launcher finds a JDK 21+ where {@code .ci/run} and {@code bench/run} find one: run by
 * bash, as a user runs it, on a copy of the launcher beside a stand-in jar, with stand-in JDKs (a
 * {@code release} file and a {@code bin/java} that prints what it was asked to run).
 */
class LauncherTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir Path dir;
    private Path checkout;
    private Path jvms;

    @BeforeEach
    void layOut() throws IOException {
        checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(REPO.resolve("junction"), checkout.resolve("junction"));
        Files.copy(REPO.resolve("scripts/jdk.sh"), checkout.resolve("scripts/jdk.sh"));
        // A jar with no sources or pom beside it: the launcher has nothing to build.
        Files.createDirectories(checkout.resolve("junction-server/target"));
        Files.writeString(checkout.resolve("junction-server/target/junction.jar"), "stand-in");
        jvms = Files.createDirectories(dir.resolve("jvms"));
    }

    @Test
    void anOldJavaHomeAndPathFallBackToANewerSystemJdkAndSayWhichOne() throws Exception {
        Path old = fakeJdk(dir.resolve("jdk-17"), "17.0.15");
        Path newer = fakeJdk(jvms.resolve("temurin-25"), "25.0.3");
        fakeJdk(jvms.resolve("temurin-21"), "21.0.8");

        Result r = launch(Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin"), "--version");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("junction: using JDK 25 at " + newer);
        assertThat(r.out()).contains("java from " + newer).contains("-jar " + checkout.resolve("junction-server/target/junction.jar") + " --version");
    }

    @Test
    void aJavaHomeOf21OrNewerIsUsedFirst() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-21"), "21.0.8");
        fakeJdk(jvms.resolve("temurin-25"), "25.0.3");

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin"), "demo");

        assertThat(r.err()).contains("using JDK 21 at " + home);
        assertThat(r.out()).contains("java from " + home).endsWith("demo\n");
    }

    @Test
    void withNoJdk21AnywhereItSaysWhereItLookedAndWhatToDo() throws Exception {
        Path old = fakeJdk(dir.resolve("jdk-17"), "17.0.15");
        fakeJdk(jvms.resolve("java-11"), "11.0.2");

        Result r = launch(Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin"), "demo");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no JDK 21 or newer found (needed for 'junction demo')")
                .contains("JAVA_HOME (Java 17 at " + old + ")").contains("java on the PATH (Java 17 at " + old + ")")
                .contains(jvms.toString()).contains("set JAVA_HOME");
    }

    private Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"java from " + home + " $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private record Result(int exit, String out, String err) {}

    private Result launch(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("junction").toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("JUNCTION_JDK_DIRS", jvms.toString());
        pb.environment().put("JUNCTION_STARTUP_CACHE", "off");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
