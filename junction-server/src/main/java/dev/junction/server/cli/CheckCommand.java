package dev.junction.server.cli;

import dev.junction.core.explain.Checklist;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Status;
import dev.junction.server.check.CheckFormat;
import dev.junction.server.config.WrittenConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code junction check}: the production checklist over every integration of a config. Exit 0 when nothing
 * fails (warnings allowed), 1 when an item fails, 2 when the config does not load; so it runs in CI.
 */
@Command(name = "check", description = "Audit a config against the production checklist: pass, warn or fail per item, with why and how to fix.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file; $${VAR}s not set here are checked with a placeholder.")
    Path config;

    @Option(names = "--format", defaultValue = "text", description = "text, json, junit or sarif (default: text).")
    CheckFormat format;

    @Override
    public Integer call() {
        WrittenConfig written = WrittenConfig.read(config, System.getenv());
        List<Finding> findings = Checklist.run(written.blueprint());
        System.out.print(format.render(findings, written));
        return Checklist.worst(findings) == Status.FAIL ? 1 : 0;
    }
}
