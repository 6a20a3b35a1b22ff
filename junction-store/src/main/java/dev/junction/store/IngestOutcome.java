package dev.junction.store;

/** The result of storing a message: its id, and whether an earlier message already had its dedupe key. */
public record IngestOutcome(String messageId, boolean duplicate) {}
