package dev.junction.server.demo.crm;

import java.time.Duration;

/** What the simulated CRM's habits make of one API request. */
sealed interface Verdict {

    /** Answer {@code status} without doing anything; {@code retryAfterSeconds} is sent when positive. */
    record Refuse(int status, long retryAfterSeconds, String why) implements Verdict {}

    /** Handle the request after {@code latency}; a create then ends as {@code ending} says. */
    record Proceed(Duration latency, CreateEnding ending) implements Verdict {}

    /** How a create's answer goes after the record is stored. */
    sealed interface CreateEnding {
        /** Answered at once: the usual case. */
        record Answer() implements CreateEnding {}

        /** Answered only after {@code delay}, past the client's timeout. */
        record Late(Duration delay) implements CreateEnding {}

        /** The connection is closed without an answer. */
        record Dropped() implements CreateEnding {}
    }

    CreateEnding.Answer ANSWER = new CreateEnding.Answer();
}
