package dev.junction.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.RouteSpec;
import dev.junction.engine.enrich.EnrichFailure;
import dev.junction.engine.enrich.Enricher;
import dev.junction.engine.transform.Transform;
import dev.junction.engine.transform.TransformBody;
import dev.junction.engine.transform.TransformFailure;
import dev.junction.engine.transform.Transforms;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction transform}: what a route would send for the event on standard input, through the same
 * enrichment (a real fetch) and transforms a gateway applies. The body alone when every destination gets the same one; otherwise an object
 * with one body per destination. Exit 0; 1 when an expression or the enrichment fails on the event; 2 for what the user must fix
 * first (the config, the route's name, input that is not JSON).
 */
@Command(name = "transform", description = "Print what a route would send for the event read from standard input.")
final class TransformCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ConfigFile config;
    @Option(names = "--route", required = true, description = "The route's name (its name: in the configuration).") String route;
    @Spec CommandSpec spec;

    /** Standard input; a test gives its own. */
    InputStream in = System.in;

    @Override
    public Integer call() {
        JunctionConfig cfg = ConfigLoader.load(config.path());
        RouteSpec chosen = named(cfg.routes());
        byte[] event = event();
        Transforms transforms = Transforms.of(cfg.routes(), cfg.destinations());
        Map<String, byte[]> sent = new LinkedHashMap<>();
        for (String destination : chosen.to()) {
            List<Transform> steps = transforms.steps(chosen.from(), destination);
            Enricher enricher = transforms.enricher(chosen.from(), destination);
            try {
                sent.put(destination, steps.isEmpty() && enricher == null ? event : TransformBody.apply(event, enricher, steps));
            } catch (TransformFailure e) {
                return failed(destination, "the transform failed on this event: " + e.getMessage());
            } catch (EnrichFailure e) {
                // The fetch is real, as the gateway's would be: what it answered is what the route would send.
                return failed(destination, "the enrichment failed on this event: " + e.getMessage());
            }
        }
        boolean own = chosen.to().stream().anyMatch(d -> cfg.destinations().get(d).transform() != null);
        spec.commandLine().getOut().println(render(sent, own));
        return 0;
    }

    private int failed(String destination, String why) {
        spec.commandLine().getErr().println("junction: route '" + route + "' to destination '" + destination + "': " + why);
        return 1;
    }

    private RouteSpec named(List<RouteSpec> routes) {
        for (RouteSpec r : routes) if (route.equals(r.name())) return r;
        List<String> names = routes.stream().map(RouteSpec::name).filter(Objects::nonNull).sorted().toList();
        throw new JunctionCli.UserError("no route named '" + route + "' in " + config.path() + " ("
                + (names.isEmpty() ? "no route has a name: give one a name: key" : "routes: " + String.join(", ", names)) + ")");
    }

    private byte[] event() {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new JunctionCli.UserError("cannot read standard input: " + e.getMessage());
        }
        try {
            JsonNode parsed = JSON.readTree(bytes);
            if (parsed == null || parsed.isMissingNode()) throw new JunctionCli.UserError("standard input is empty: give the event as JSON (junction transform ... < event.json)");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new JunctionCli.UserError("standard input is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JunctionCli.UserError("standard input is not JSON: " + e.getMessage());
        }
        return bytes;
    }

    /**
     * The body, or {@code {"destination": body, ...}} when a destination has a transform of its own (so the
     * bodies may differ); pretty, for people.
     */
    private static String render(Map<String, byte[]> sent, boolean perDestination) {
        try {
            if (!perDestination) {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(sent.values().iterator().next()));
            }
            ObjectNode all = JSON.createObjectNode();
            for (Map.Entry<String, byte[]> e : sent.entrySet()) all.set(e.getKey(), JSON.readTree(e.getValue()));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all);
        } catch (IOException e) {
            throw new IllegalStateException("a transform's output is JSON", e);
        }
    }
}
