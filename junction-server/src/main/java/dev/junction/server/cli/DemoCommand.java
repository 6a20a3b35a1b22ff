package dev.junction.server.cli;

import ch.qos.logback.classic.Level;
import dev.junction.server.demo.CrmDemo;
import dev.junction.server.demo.Demo;
import dev.junction.server.demo.IcalDemo;
import dev.junction.server.demo.OutboundDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run a self-contained demo: webhooks in from a simulated Stripe to a flaky downstream, then outbound webhooks to three customers; a report for each. 'junction demo ical' syncs 18 simulated months of rental calendars across Airbnb, Booking.com and VRBO; 'junction demo crm' keeps contacts in step across three simulated CRMs.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "300", description = "Distinct events to send (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--concurrency", defaultValue = "16", description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--data", description = "Data directory to keep (default: a temporary one, deleted after).")
    Path data;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "PART", defaultValue = "all",
            description = "push (webhooks in), outbound (webhooks to your customers), all (both, the default), ical (rental calendars, about 30 s) or crm (two-way sync of three CRMs, about 40 s).")
    String part;

    @Override
    public Integer call() throws Exception {
        // The demo prints its own story; the gateway's routine warnings (dead letters are expected here) would drown it.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.junction")).setLevel(Level.ERROR);
        if (events < 1) throw new JunctionCli.UserError("--events must be at least 1");
        Path dir = data != null ? data : Files.createTempDirectory("junction-demo-");
        if (!java.util.Set.of("all", "push", "outbound", "ical", "crm").contains(part)) {
            throw new JunctionCli.UserError("unknown demo '" + part + "': push, outbound, ical, crm or all");
        }
        try {
            int code = 0;
            boolean all = part.equals("all");
            if (all || part.equals("push")) code = new Demo(new Demo.Settings(events, Math.max(1, concurrency), dir, Duration.ofSeconds(40)), System.out).run();
            if (code == 0 && (all || part.equals("outbound"))) code = new OutboundDemo(40, dir, Duration.ofSeconds(40), System.out).run();
            // Not in "all": 18 months of polls take half a minute, and the first command a reader runs should be quick.
            if (part.equals("ical")) code = new IcalDemo(dir, Duration.ofSeconds(40), System.out).run();
            if (part.equals("crm")) code = new CrmDemo(CrmDemo.Settings.defaults(dir), System.out).run();
            return code;
        } finally {
            if (data == null) deleteRecursively(dir);
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
