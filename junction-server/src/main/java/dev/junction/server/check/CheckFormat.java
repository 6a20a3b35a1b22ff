package dev.junction.server.check;

import dev.junction.core.explain.Finding;
import dev.junction.server.config.WrittenConfig;
import java.util.List;

/** How {@code junction check} prints its findings: for people, for scripts, for CI test reports, for code scanning. */
public enum CheckFormat {
    TEXT(new TextReport()), JSON(new JsonReport()), JUNIT(new JunitReport()), SARIF(new SarifReport());

    private final Report report;

    CheckFormat(Report report) {
        this.report = report;
    }

    public String render(List<Finding> findings, WrittenConfig config) {
        return report.render(findings, config);
    }

    /** One format's rendering of a run of the checklist over a config. */
    interface Report {
        String render(List<Finding> findings, WrittenConfig config);
    }
}
