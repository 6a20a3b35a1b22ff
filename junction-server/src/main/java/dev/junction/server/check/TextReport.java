package dev.junction.server.check;

import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Status;
import dev.junction.server.config.WrittenConfig;
import java.util.List;
import java.util.Locale;

/**
 * For people: failures first, then warnings, each with why it matters and how to fix it; passes one line each.
 * Every line starts with {@code file:line:col} so editors and terminals jump to it.
 */
final class TextReport implements CheckFormat.Report {

    @Override
    public String render(List<Finding> findings, WrittenConfig config) {
        StringBuilder out = new StringBuilder();
        for (Status status : List.of(Status.FAIL, Status.WARN, Status.PASS)) {
            for (Finding f : findings) {
                if (f.status() != status) continue;
                out.append(config.locate(f.path())).append(": ").append(status.name()).append(' ').append(f.rule().id())
                        .append(f.integration().isEmpty() ? "" : " [" + f.integration() + "]").append(": ").append(f.detail()).append('\n');
                if (status != Status.PASS) {
                    out.append("    why: ").append(f.rule().why()).append('\n');
                    out.append("    fix: ").append(f.rule().fix()).append('\n');
                }
            }
        }
        if (!config.unsetVariables().isEmpty()) {
            out.append("(not set here, checked with a placeholder: ").append(String.join(", ", config.unsetVariables())).append(")\n");
        }
        out.append(String.format(Locale.ROOT, "%d failed, %d warned, %d passed%n",
                count(findings, Status.FAIL), count(findings, Status.WARN), count(findings, Status.PASS)));
        return out.toString();
    }

    static long count(List<Finding> findings, Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
