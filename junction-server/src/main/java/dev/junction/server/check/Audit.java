package dev.junction.server.check;

import dev.junction.core.config.OutboundSpec;
import dev.junction.core.explain.Blueprint;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.IntegrationPage;
import dev.junction.core.explain.Written;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.WrittenConfig;
import java.util.List;
import java.util.Optional;

/**
 * A running gateway's config as {@code junction explain} and {@code junction check} see it, for the admin API's
 * integrations: the blueprint, its pages, the checklist's findings (run once: the config does not change while the
 * gateway runs), and where each key is written.
 */
public final class Audit {

    private final WrittenConfig written;
    private final Blueprint blueprint;
    /** Run when first asked for, not at start: a gateway whose config the checklist stumbles on still serves. */
    private IntegrationPage pages;

    private Audit(WrittenConfig written, Blueprint blueprint) {
        this.written = written;
        this.blueprint = blueprint;
    }

    /** A config read from its file: every item checked, every finding located. */
    public static Audit of(WrittenConfig written) {
        return new Audit(written, written.blueprint());
    }

    /**
     * A config built in code (a demo, the Spring Boot starter, a test): no file, so the items that read the written
     * form (a secret typed into the file) have no finding at all, rather than a pass, and no finding has a line;
     * outbound rules left at their defaults count as none written, as {@link WrittenConfig#blueprint()} counts them.
     */
    public static Audit unwritten(JunctionConfig config) {
        return new Audit(null, new Blueprint(config.sources(), config.destinations(), config.routes(),
                config.alerts() == null ? null : config.alerts().url(),
                config.outbound().equals(OutboundSpec.DEFAULT) ? null : config.outbound(), Written.NONE));
    }

    /** The file's name as given to the gateway; empty for a config built in code. */
    public Optional<String> file() {
        return Optional.ofNullable(written).map(WrittenConfig::file);
    }

    public Blueprint blueprint() { return blueprint; }

    public synchronized IntegrationPage pages() {
        if (pages == null) pages = new IntegrationPage(blueprint);
        return pages;
    }

    public List<Finding> findings() { return pages().findings(); }

    /** Where {@code finding}'s key is written; empty for a config built in code. */
    public Optional<WrittenConfig.Location> locate(Finding finding) {
        return Optional.ofNullable(written).map(w -> w.locate(finding.path()));
    }
}
