package dev.junction.server.cli;

import dev.junction.core.explain.Blueprint;
import dev.junction.core.explain.DiagramSvg;
import dev.junction.core.explain.Integration;
import dev.junction.core.explain.IntegrationPage;
import dev.junction.server.config.WrittenConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code junction explain}: every integration of a config (or one) in plain words, as Markdown with a Mermaid diagram. */
@Command(name = "explain", description = "Explain a config's integrations in plain words (Markdown, with Mermaid diagrams).")
final class ExplainCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file; $${VAR}s not set here get a placeholder.")
    Path config;

    @Parameters(arity = "0..1", paramLabel = "INTEGRATION", description = "A source's or destination's name, or outbound; all when left out.")
    String integration;

    @Option(names = "--svg", paramLabel = "DIR", description = "Also write each integration's diagram as DIR/<name>-<kind>.svg.")
    Path svgDir;

    @Override
    public Integer call() {
        WrittenConfig written = WrittenConfig.read(config, System.getenv());
        Blueprint blueprint = written.blueprint();
        IntegrationPage page = new IntegrationPage(blueprint);
        if (integration == null) {
            System.out.print("# Integrations in " + config.getFileName() + "\n\n" + page.all());
            svg(blueprint, blueprint.integrations());
            return 0;
        }
        List<Integration> named = blueprint.named(integration);
        if (named.isEmpty()) {
            throw new JunctionCli.UserError("no integration named '" + integration + "' in " + config + " (known: "
                    + String.join(", ", blueprint.integrations().stream().map(Integration::name).distinct().toList()) + ")");
        }
        named.forEach(i -> System.out.print(page.of(i)));
        svg(blueprint, named);
        return 0;
    }

    private void svg(Blueprint blueprint, List<Integration> integrations) {
        if (svgDir == null) return;
        try {
            Files.createDirectories(svgDir);
            for (Integration i : integrations) {
                Path file = svgDir.resolve(i.name() + "-" + i.kind() + ".svg");
                Files.writeString(file, DiagramSvg.of(i, blueprint));
                System.err.println("junction: wrote " + file);
            }
        } catch (IOException e) {
            throw new JunctionCli.UserError("cannot write the diagrams to " + svgDir + ": " + e.getMessage());
        }
    }
}
