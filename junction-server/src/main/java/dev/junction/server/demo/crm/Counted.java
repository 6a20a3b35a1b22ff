package dev.junction.server.demo.crm;

/**
 * What the simulated CRM counts. The request kinds count every API request of that kind that arrived,
 * whatever its answer; the others count answers given by the API or its habits.
 */
public enum Counted {
    /** {@code POST /contacts}. */
    CREATES,
    /** {@code PATCH /contacts/{id}}. */
    UPDATES,
    /** {@code DELETE /contacts/{id}}. */
    DELETES,
    /** {@code GET /contacts/{id}}. */
    READS,
    /** {@code GET /contacts?email=}: searches by the match key. */
    LOOKUPS,
    /** {@code GET /contacts} without email: pages of the list. */
    LISTS,
    /** 429 answers, by the token bucket or {@link Habits#rateLimitNext}. */
    RATE_LIMITED,
    /** 500 answers given by habit. */
    ERRORS,
    /** 503 answers given during an outage. */
    UNAVAILABLE,
    /** 401 answers: missing or wrong bearer token. */
    UNAUTHORIZED,
    /** Creates stored, then answered past the client's timeout. */
    ANSWERED_LATE,
    /** Creates stored, then left unanswered with the connection closed. */
    DROPPED
}
