package dev.junction.core.retry;

/** What an attempt's result means for the delivery. */
public enum OutcomeClass {
    /** 2xx: delivered. */
    SUCCESS,
    /** Worth another try later: 408, 425, 429, 5xx, connect/DNS errors, timeouts. */
    RETRYABLE,
    /** Retrying cannot help (other 4xx, 3xx): dead at once. */
    PERMANENT
}
