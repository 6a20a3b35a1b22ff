package dev.junction.core.explain;

/**
 * The verdict of one {@link Rule} on one integration.
 *
 * @param integration the integration's name ({@code ""} for the gateway as a whole)
 * @param path        the config key it is about, as the loader names keys ({@code destinations.billing.url},
 *                    {@code routes[0].slo}); a key that is missing is named all the same, and reports point at
 *                    the nearest key that is written
 * @param detail      what was found, in one sentence; never a secret's value
 */
public record Finding(Rule rule, Status status, String integration, String path, String detail) {}
