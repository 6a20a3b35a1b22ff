package dev.junction.core.net;

/**
 * How Junction names itself in the {@code User-Agent} of every request it makes: deliveries, polls of feeds and APIs,
 * token requests, enrichment and sync calls, alert webhooks. A provider's logs and allow-lists then see Junction, not
 * the HTTP library's name and version (some CDNs refuse a bare {@code Java-http-client}).
 */
public final class UserAgent {

    public static final String HEADER = "User-Agent";
    public static final String JUNCTION = "Junction";

    private UserAgent() {}
}
