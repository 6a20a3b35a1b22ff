package dev.junction.server.drill;

import dev.junction.core.explain.Status;

/** A scenario's outcome: pass, warn or fail, what was seen, and (unless it passed) why it matters and how to fix it. */
record Verdict(Status status, String detail, String why, String fix) {

    static Verdict pass(String detail) {
        return new Verdict(Status.PASS, detail, null, null);
    }
}
