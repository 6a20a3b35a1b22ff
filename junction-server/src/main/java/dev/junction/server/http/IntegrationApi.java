package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.explain.Checklist;
import dev.junction.core.explain.Diagram;
import dev.junction.core.explain.DiagramSvg;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Integration;
import dev.junction.server.check.Audit;
import dev.junction.server.check.FindingJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The config's integrations as {@code junction explain} and {@code junction check} tell them, for the dashboard:
 * each name with its checklist status, and one name's pages (Markdown, HTML, the diagram as Mermaid and SVG) beside
 * its checklist items, and the items about the gateway as a whole. Keyed by name, as the checklist and {@code junction explain NAME} are: a source and a
 * destination that share a name share one entry.
 */
final class IntegrationApi {

    private static final Set<String> PAGE_PARAMS = Set.of("cursor", "limit");

    private final Audit audit;

    IntegrationApi(Audit audit) {
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/integrations", this::integrations);
        routes.get("/api/v1/integrations/{name}", this::integration);
    }

    private void integrations(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        List<String> names = audit.blueprint().integrations().stream().map(Integration::name).distinct().sorted().toList();
        Paging.writeSorted(ctx, Paging.read(ctx, "integrations"), names, name -> name, this::summary);
    }

    private void integration(Context ctx) {
        String name = ctx.pathParam("name");
        List<Integration> named = audit.blueprint().named(name);
        if (named.isEmpty()) throw new NotFound("integration", name);
        ObjectNode node = summary(name);
        if (audit.file().isPresent()) node.put("file", audit.file().get()); else node.putNull("file");
        ArrayNode pages = node.putArray("explanations");
        for (Integration i : named) {
            pages.addObject().put("kind", i.kind()).put("direction", i.direction().label()).put("guarantee", i.guarantee().label())
                    .put("path", i.path())
                    .put("markdown", audit.pages().of(i))
                    .put("html", MarkdownHtml.render(audit.pages().explanation(i)))
                    .put("mermaid", Diagram.of(i, audit.blueprint()))
                    .put("svg", DiagramSvg.of(i, audit.blueprint()));
        }
        ArrayNode items = node.putArray("items");
        findings(name).forEach(f -> items.add(FindingJson.of(f, audit.locate(f))));
        // Items about the gateway as a whole (alerts, the store's password) bear on every integration's story.
        ArrayNode gateway = node.putArray("gatewayItems");
        findings("").forEach(f -> gateway.add(FindingJson.of(f, audit.locate(f))));
        ctx.contentType("application/json").result(node.toString());
    }

    /** A name, its kinds, its worst status and how many items passed, warned and failed. */
    private ObjectNode summary(String name) {
        List<Finding> findings = findings(name);
        ObjectNode node = Problem.JSON.createObjectNode().put("name", name);
        ArrayNode kinds = node.putArray("kinds");
        audit.blueprint().named(name).forEach(i -> kinds.add(i.kind()));
        node.put("status", Checklist.worst(findings).label());
        node.set("checklist", FindingJson.summary(findings));
        return node;
    }

    private List<Finding> findings(String name) {
        return Checklist.about(audit.findings(), name).toList();
    }
}
