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

    /**
     * The launcher runs before every start: with a good JAVA_HOME it asks nothing of the other JDKs (a JDK without a
     * release file would be asked its version by running its java, as a stranger's JDK beside it would be).
     */
    @Test
    void aGoodJavaHomeIsTakenWithoutRunningAnyOtherJdk() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");
        Path asked = dir.resolve("other-jdk-was-run");
        Path other = Files.createDirectories(jvms.resolve("no-release/bin"));
        Files.writeString(other.resolve("java"), "#!/bin/sh\ntouch " + asked + "\necho '    java.specification.version = 21'\n");
        Files.setPosixFilePermissions(other.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin"), "--version");

        assertThat(r.err()).contains("using JDK 25 at " + home);
        assertThat(asked).doesNotExist();
        // Without JAVA_HOME, the same JDK is looked at and taken.
        Result fallback = launch(Map.of("PATH", "/usr/bin:/bin"), "--version");
        assertThat(fallback.err()).contains("using JDK 21 at " + jvms.resolve("no-release"));
        assertThat(asked).exists();
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

    @Test
    void onJdk21TheStartUpCacheIsAnAppCdsArchiveRecordedOnceThenUsedWithNoAotOption() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-21"), "21.0.8");
        Map<String, String> env = Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin", "JUNCTION_STARTUP_CACHE", "on");
        Path archive = checkout.resolve("junction-server/target/startup-21.0.8_1.jsa");

        Result first = launch(env, "serve");

        assertThat(first.exit()).isZero();
        assertThat(first.err()).contains("recording a start-up cache for JDK 21");
        assertThat(archive).hasContent("recorded by " + home);
        assertThat(Files.readString(checkout.resolve("junction-server/target/startup-21.0.8_1.jsa.log"))).contains("-XX:ArchiveClassesAtExit=").contains(" train");
        // JDK 21 knows no 'aot' log tag: naming it would stop the JVM before it starts.
        assertThat(first.out()).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("aot").endsWith("serve\n");

        Result second = launch(env, "serve");
        assertThat(second.err()).doesNotContain("recording");
        assertThat(second.out()).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void onJdk25TheStartUpCacheIsAnAotCacheWhoseMessagesAreAllOff() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin", "JUNCTION_STARTUP_CACHE", "on"), "serve");

        Path cache = checkout.resolve("junction-server/target/startup-25.0.3_1.aot");
        assertThat(cache).hasContent("recorded by " + home);
        assertThat(r.out()).contains("-XX:AOTCache=" + cache + " -Xlog:aot*=off -Xlog:cds*=off").endsWith("serve\n");
    }

    @Test
    void aTrainingThatFailsCostsOnlyTheCache() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");
        Files.writeString(home.resolve("bin/java"), "#!/bin/sh\ncase \"$*\" in *' train'*) exit 1;; esac\necho \"java from " + home + " $*\"\n");

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin", "JUNCTION_STARTUP_CACHE", "on"), "serve");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("could not record the start-up cache");
        assertThat(r.out()).doesNotContain("AOTCache").endsWith("serve\n");
        try (var files = Files.list(checkout.resolve("junction-server/target"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".aot") || n.matches(".*\\.aot\\.[0-9]+"));
        }
    }

    @Test
    void aLauncherInterruptedWhileRecordingLeavesNoHalfCacheBehind() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");
        // The training writes its cache, then is still running when the user presses Ctrl-C.
        Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) echo half > \"${a#*=}\";; esac; done\n"
                + "case \"$*\" in *' train'*) sleep 60;; esac\n");
        Path target = checkout.resolve("junction-server/target");
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", checkout.resolve("junction").toString(), "serve");
        pb.environment().putAll(Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin", "JUNCTION_STARTUP_CACHE", "on",
                "JUNCTION_JDK_DIRS", jvms.toString()));
        Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> halfCaches(target) > 0);

        new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(halfCaches(target)).isZero();
    }

    /**
     * A rebuild (a source newer than the jar) never rewrites the jar that running gateways opened: the build gets a
     * new file. Here a fake mvn writes the jar as the jar plugin does, over the same path; a hard link stands for
     * a running JVM's open file.
     */
    @Test
    void aRebuildLeavesTheJarRunningGatewaysOpenedAsItWas() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");
        Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(home.resolve("bin/javac"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = checkout.resolve("junction-server/target/junction.jar");
        Path running = Files.createLink(dir.resolve("opened-by-a-running-gateway.jar"), jar);
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(tools.resolve("mvn"), "#!/bin/sh\necho rebuilt > junction-server/target/junction.jar\n");
        Files.setPosixFilePermissions(tools.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", tools + ":/usr/bin:/bin"), "--version");

        assertThat(r.err()).contains("building junction.jar");
        assertThat(Files.readString(jar)).isEqualTo("rebuilt\n");
        assertThat(Files.readString(running)).as("the running gateway's jar").isEqualTo("stand-in");
    }

    /**
     * The build's Maven, on JDK 24+, may use sun.misc.Unsafe (Maven 3.8's guava warned in four lines on every first
     * build) and writes no colour resets; on JDK 21, which refuses that option, it gets only the latter. The user's
     * MAVEN_OPTS come last.
     */
    @Test
    void theBuildsMavenIsQuietOnEveryJdkAndKeepsTheUsersMavenOpts() throws Exception {
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path jar = checkout.resolve("junction-server/target/junction.jar");
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(tools.resolve("mvn"), "#!/bin/sh\necho \"$MAVEN_OPTS\" > ../maven-opts.txt\necho built > junction-server/target/junction.jar\n");
        Files.setPosixFilePermissions(tools.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String version : java.util.List.of("25.0.3", "21.0.8")) {
            Path home = fakeJdk(dir.resolve("jdk-" + version), version);
            Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(home.resolve("bin/javac"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setLastModifiedTime(checkout.resolve("pom.xml"), java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

            Result r = launch(Map.of("JAVA_HOME", home.toString(), "PATH", tools + ":/usr/bin:/bin", "MAVEN_OPTS", "-Xmx1g"), "--version");

            assertThat(r.err()).contains("building junction.jar");
            String opts = Files.readString(dir.resolve("maven-opts.txt")).strip();
            assertThat(opts).as(version).isEqualTo(version.startsWith("25")
                    ? "-Djansi.noreset=true --sun-misc-unsafe-memory-access=allow -Xmx1g" : "-Djansi.noreset=true -Xmx1g");
        }
    }

    /**
     * A build stopped before it finished (Ctrl-C during the first run's minute) leaves no jar: the half-made one (the
     * plain jar, before shading gives it a Main-Class) is newer than every source and would be run from then on.
     */
    @Test
    void aBuildInterruptedHalfwayLeavesNoJarToBeTakenAsBuilt() throws Exception {
        Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.3");
        Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(home.resolve("bin/javac"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = checkout.resolve("junction-server/target/junction.jar");
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        Path tools = Files.createDirectories(dir.resolve("tools"));
        // The jar plugin has written the plain jar; shading it is still to come when the user presses Ctrl-C.
        Files.writeString(tools.resolve("mvn"), "#!/bin/sh\necho half > junction-server/target/junction.jar\nsleep 60\n");
        Files.setPosixFilePermissions(tools.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", checkout.resolve("junction").toString(), "--version");
        pb.environment().putAll(Map.of("JAVA_HOME", home.toString(), "PATH", tools + ":/usr/bin:/bin", "JUNCTION_STARTUP_CACHE", "off",
                "JUNCTION_JDK_DIRS", jvms.toString()));
        Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(jar) && Files.readString(jar).equals("half\n"));

        new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jar).as("a half-made jar, newer than the sources").doesNotExist();
        assertThat(Files.readString(dir.resolve("out.txt"))).doesNotContain("java from");
    }

    private static long halfCaches(Path target) throws IOException {
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.aot\\.[0-9]+")).count();
        }
    }

    private Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
        Path java = home.resolve("bin/java");
        // Asked to record a start-up cache, it writes one (as a real JVM does when its training run ends).
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*) "
                + "echo \"recorded by " + home + "\" > \"${a#*=}\";; esac; done\necho \"java from " + home + " $*\"\n");
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
        pb.environment().putIfAbsent("JUNCTION_STARTUP_CACHE", "off");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
