package dev.junction.engine.deliver;

import dev.junction.store.AdminReads;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, one WARN per destination the store holds unfinished or dead deliveries for that this node's config
 * does not have (removed, or renamed): its work would otherwise wait and die without a word (a rename strands it);
 * and one per source paused in the store that the config does not have, whose pause still holds its work.
 */
public final class RemovedDestinations {

    private static final Logger log = LoggerFactory.getLogger(RemovedDestinations.class);

    private RemovedDestinations() {}

    /** Logs and returns the warnings; a store that cannot answer now costs a line, never the start. */
    public static <S extends AdminReads & dev.junction.store.Pauses> List<String> warn(S store, Set<String> configured, Instant now) {
        List<String> lines = new ArrayList<>();
        try {
            Set<String> paused = new java.util.HashSet<>();
            for (dev.junction.store.Pause p : store.pauses()) if (p.kind() == dev.junction.store.Pause.Kind.DESTINATION) paused.add(p.name());
            for (DestinationBacklog b : store.backlog(now)) {
                if (configured.contains(b.destination()) || b.destination().startsWith(Dispatcher.ENDPOINT_PREFIX)) continue;
                lines.add(line(b) + (paused.contains(b.destination()) ? "; it is paused in the store: that holds nothing on a node"
                        + " without it, and it comes back paused if it is configured again (junction resume --destination "
                        + b.destination() + ")" : ""));
            }
        } catch (StoreException e) {
            log.warn("could not look for deliveries to destinations this config does not have: {}", e.getMessage());
            return List.of();
        }
        lines.forEach(log::warn);
        return lines;
    }

    /**
     * One WARN per source paused in the store that this node's config does not have: a stored pause of a source holds
     * its messages' deliveries wherever they go, so one left behind by a removed source would hold them for good.
     */
    public static List<String> warnPausedSources(dev.junction.store.Pauses store, Set<String> sources) {
        List<String> lines = new ArrayList<>();
        try {
            for (dev.junction.store.Pause p : store.pauses()) {
                if (p.kind() != dev.junction.store.Pause.Kind.SOURCE || sources.contains(p.name())) continue;
                lines.add("source '" + p.name() + "' is paused in the store but this config does not have it: the deliveries of its"
                        + " messages wait until it is resumed (junction resume --source " + p.name() + ", or POST /api/v1/sources/"
                        + p.name() + "/resume)");
            }
        } catch (StoreException e) {
            log.warn("could not look for paused sources this config does not have: {}", e.getMessage());
            return List.of();
        }
        lines.forEach(log::warn);
        return lines;
    }

    private static String line(DestinationBacklog b) {
        String name = b.destination();
        long waiting = b.pending() + b.inFlight();
        StringBuilder s = new StringBuilder("the store holds ").append(waiting).append(" waiting and ").append(b.dead())
                .append(" dead deliveries to destination '").append(name).append("', which this config does not have");
        if (waiting > 0) {
            s.append("; each waiting one becomes a dead letter ").append(Lanes.ORPHANED.toMinutes())
                    .append(" minutes after it fell due, unless a node that has '").append(name).append("' sends it first");
        }
        s.append("; dead letters replay to '").append(name).append("' once it is configured again, or to another destination with ")
                .append("junction dlq replay --destination ").append(name).append(" --to NAME");
        return s.toString();
    }
}
