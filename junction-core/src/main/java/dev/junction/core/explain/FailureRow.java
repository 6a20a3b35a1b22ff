package dev.junction.core.explain;

/**
 * One line of an integration's failure table: a class of failure, what falls in it for this integration, and what
 * Junction does about it (the class's strategy, said for this kind).
 */
record FailureRow(FailureClass failure, String what, String then) {}
