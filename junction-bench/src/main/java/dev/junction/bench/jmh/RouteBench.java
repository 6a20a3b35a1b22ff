package dev.junction.bench.jmh;

import dev.junction.core.config.RouteSpec;
import dev.junction.engine.route.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Router.destinationsFor on a config of 20 sources and 40 routes (two per source, overlapping destinations). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteBench {

    Router router;
    String source;

    @Setup
    public void setUp() {
        List<RouteSpec> routes = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            routes.add(new RouteSpec("source" + s, List.of("billing", "audit" + s)));
            routes.add(new RouteSpec("source" + s, List.of("audit" + s, "warehouse")));
        }
        routes.add(new RouteSpec("stripe", List.of("billing", "ledger", "audit")));
        router = new Router(routes);
        source = new String("stripe".toCharArray()); // not the interned literal the map was built with
        if (router.destinationsFor(source).size() != 3) throw new IllegalStateException("unexpected routes");
    }

    @Benchmark
    public List<String> destinationsFor() {
        return router.destinationsFor(source);
    }
}
