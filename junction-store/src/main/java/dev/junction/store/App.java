package dev.junction.store;

import java.time.Instant;

/** An application: one customer of the user, who owns endpoints. {@code uid} is the user's own name for it. */
public record App(String id, String uid, String name, Instant createdAt) {}
