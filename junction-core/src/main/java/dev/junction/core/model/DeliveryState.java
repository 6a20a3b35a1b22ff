package dev.junction.core.model;

/**
 * A delivery's state machine: PENDING -> IN_FLIGHT -> SUCCEEDED | PENDING (retry scheduled) | DEAD;
 * DEAD -> PENDING by replay.
 */
public enum DeliveryState { PENDING, IN_FLIGHT, SUCCEEDED, DEAD }
