package dev.junction.core.explain;

import static dev.junction.core.explain.Area.SECURITY;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.SourceSpec;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Signatures verified and sent, secrets from the environment, TLS on the wire, rate limits on public doors. */
final class SecurityChecks implements Check {

    static final Rule SECRET_IN_FILE = new Rule("secret-in-file", SECURITY, "Secrets come from the environment",
            "A secret typed into the config file travels with every copy of it (version control, backups, tickets); "
                    + "whoever reads it can forge the provider's webhooks or sign as Junction.",
            "Write ${NAME} in the file and set NAME in the environment, e.g. secrets: [\"${STRIPE_WEBHOOK_SECRET}\"]; "
                    + "then rotate the secret that was written down.");
    static final Rule HTTPS = new Rule("https", SECURITY, "Traffic leaving the machine is encrypted",
            "Events carry customers' data and signatures; over plain http:// (or amqp://) anyone on the path can read "
                    + "them, and a replayed or altered request cannot be told apart.",
            "Use an https:// (amqps://) URL; for outbound endpoints set outbound.https-only: true.");
    static final Rule SIGNATURE = new Rule("signature", SECURITY, "Incoming webhooks are verified",
            "POST /in/{source} is public: without a signature check anyone who finds the URL can inject events, "
                    + "and Junction will deliver them as if the provider had sent them.",
            "Set verify.scheme to the provider's (stripe, github, slack, shopify, standard-webhooks) or hmac, "
                    + "with secrets: [\"${...}\"].");
    static final Rule SIGNED_DELIVERIES = new Rule("signed-deliveries", SECURITY, "Deliveries are signed",
            "Without a signature the receiver cannot tell Junction's deliveries from anyone else's requests "
                    + "to the same URL.",
            "Give the destination secret: \"${NAME}\" (a whsec_ key); deliveries then carry webhook-signature, "
                    + "which the receiver verifies.");
    static final Rule RATE_LIMIT = new Rule("rate-limit", SECURITY, "Public endpoints and polled APIs have a rate limit",
            "A flood on a public endpoint (or a poll of a large listing) takes the store's and the network's "
                    + "capacity from everything else; a provider's API may ban a client that asks too fast.",
            "Set rate-limit: N (requests per second) on the source (for a polled API, under poll:).");

    static final Rule SSRF_GUARD = new Rule("ssrf-guard", SECURITY, "Customers' endpoint URLs cannot reach inside",
            "Endpoint URLs are chosen by your customers: a range let through the guard lets any of them make the gateway call "
                    + "into it (an admin port, a database's HTTP interface, the cloud's metadata service and its credentials).",
            "Keep outbound.allow-networks to a test network, never 0.0.0.0/0, ::/0 or 169.254.169.254, and leave it out in production.");

    /** The cloud metadata service: its answers are credentials. */
    private static final byte[] METADATA = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};

    /** Header names whose values are credentials; other headers (X-Tenant) are not secrets. */
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i).*(authorization|token|key|secret|password|signature).*");

    @Override
    public List<Rule> rules() {
        return List.of(SECRET_IN_FILE, HTTPS, SIGNATURE, SIGNED_DELIVERIES, RATE_LIMIT, SSRF_GUARD);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        return Stream.of(secrets(b), urlPasswords(b), urlQueries(b), transport(b), sources(b), deliveries(b), ssrf(b)).flatMap(s -> s);
    }

    private Stream<Finding> secrets(Blueprint b) {
        return b.written().secretPaths().stream()
                .filter(path -> !path.contains(".headers.") || SECRET_HEADER.matcher(path.substring(path.lastIndexOf('.') + 1)).matches())
                .map(path -> fromEnvironment(b.written().raw(path))
                        ? SECRET_IN_FILE.pass(owner(path), path, "taken from the environment")
                        : SECRET_IN_FILE.fail(owner(path), path, "a secret is written in the file"));
    }

    /** Passwords in URLs ({@code amqps://user:PASSWORD@host}) are secrets too, though the key is {@code url}. */
    private Stream<Finding> urlPasswords(Blueprint b) {
        return b.destinations().keySet().stream().map(name -> "destinations." + name + ".url")
                .flatMap(path -> b.written().raw(path).flatMap(SecurityChecks::password).stream()
                        .map(pw -> fromEnvironment(Optional.of(pw))
                                ? SECRET_IN_FILE.pass(owner(path), path, "the URL's password is taken from the environment")
                                : SECRET_IN_FILE.fail(owner(path), path, "the URL carries a password written in the file")));
    }

    /**
     * Secrets in a query: a calendar export link's query is its token (Airbnb's ?s=, Booking.com's ?t=), so any
     * parameter written in the file is one; a polled API's parameter is one when its name says so (api_key, token).
     */
    private Stream<Finding> urlQueries(Blueprint b) {
        Stream<Finding> feeds = b.sources().values().stream().filter(s -> s.ical() != null)
                .flatMap(s -> s.ical().units().values().stream().flatMap(unit -> unit.channels().keySet().stream()
                        .map(channel -> "sources." + s.name() + ".ical.units." + unit.name() + "." + channel + ".url")))
                .flatMap(path -> query(b, path, name -> true, "the feed's query (its token)"));
        Stream<Finding> polls = b.sources().values().stream().filter(s -> s.poll() != null)
                .flatMap(s -> query(b, "sources." + s.name() + ".poll.url", name -> SECRET_HEADER.matcher(name).matches() || name.equals("sig"),
                        "the API's query"));
        return Stream.concat(feeds, polls);
    }

    private static Stream<Finding> query(Blueprint b, String path, java.util.function.Predicate<String> secret, String what) {
        String url = b.written().raw(path).orElse("");
        int start = url.indexOf('?');
        if (start < 0) return Stream.empty();
        List<String> written = new java.util.ArrayList<>();
        boolean fromEnvironment = false;
        for (String parameter : url.substring(start + 1).split("[&#]")) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            if (value.isEmpty() || value.equals(dev.junction.core.config.PollSpec.CURSOR) || !secret.test(name)) continue;
            if (value.contains("${")) fromEnvironment = true;
            else written.add(name + "=");
        }
        if (!written.isEmpty()) {
            return Stream.of(SECRET_IN_FILE.fail(owner(path), path, what + " carries " + String.join(", ", written) + " written in the file"));
        }
        return fromEnvironment ? Stream.of(SECRET_IN_FILE.pass(owner(path), path, what + " is taken from the environment")) : Stream.empty();
    }

    private Stream<Finding> transport(Blueprint b) {
        Stream<Finding> destinations = b.destinations().values().stream()
                .filter(d -> d.kind() != DestinationSpec.Kind.NATS) // nats:// says nothing of TLS: the server decides
                .map(d -> wire(d.name(), "destinations." + d.name() + ".url", d.url()));
        Stream<Finding> polls = b.sources().values().stream().filter(s -> s.poll() != null)
                .map(s -> wire(s.name(), "sources." + s.name() + ".poll.url", URI.create(s.poll().url().replace(
                        dev.junction.core.config.PollSpec.CURSOR, ""))));
        Stream<Finding> feeds = b.sources().values().stream().filter(s -> s.ical() != null).flatMap(SecurityChecks::feeds);
        Stream<Finding> outbound = b.outbound() == null ? Stream.empty() : Stream.of(b.outbound().httpsOnly()
                ? HTTPS.pass("outbound", "outbound.https-only", "endpoints must be https")
                : HTTPS.warn("outbound", "outbound.https-only", "applications may register plain http:// endpoints"));
        return Stream.of(destinations, polls, feeds, outbound).flatMap(s -> s);
    }

    private static Stream<Finding> feeds(SourceSpec s) {
        return s.ical().units().values().stream().flatMap(unit -> unit.channels().entrySet().stream().map(channel -> {
            String path = "sources." + s.name() + ".ical.units." + unit.name() + "." + channel.getKey() + ".url";
            String url = channel.getValue().url();
            return wire(s.name(), path, URI.create(url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'))));
        }));
    }

    private static Finding wire(String integration, String path, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("amqps")) return HTTPS.pass(integration, path, scheme + "://");
        if (loopback(url.getHost())) {
            return HTTPS.warn(integration, path, scheme + ":// to " + url.getHost() + ": fine while it stays on this machine");
        }
        return HTTPS.fail(integration, path, "plain " + scheme + ":// to " + url.getHost());
    }

    private Stream<Finding> sources(Blueprint b) {
        return b.sources().values().stream().flatMap(s -> {
            if (s.verify() != null) {
                String path = "sources." + s.name();
                Finding signature = "none".equals(s.verify().scheme())
                        ? SIGNATURE.fail(s.name(), path + ".verify.scheme", "scheme: none accepts any request")
                        : SIGNATURE.pass(s.name(), path + ".verify.scheme", "verified with " + s.verify().scheme());
                Finding rate = s.ratePerSecond() > 0
                        ? RATE_LIMIT.pass(s.name(), path + ".rate-limit", s.ratePerSecond() + " requests/s")
                        : RATE_LIMIT.warn(s.name(), path + ".rate-limit", "no rate limit on POST /in/" + s.name());
                return Stream.of(signature, rate);
            }
            if (s.poll() != null) {
                String path = "sources." + s.name() + ".poll.rate-limit";
                return Stream.of(s.poll().rateLimit() > 0
                        ? RATE_LIMIT.pass(s.name(), path, s.poll().rateLimit() + " requests/s to the API's host")
                        : RATE_LIMIT.warn(s.name(), path, "no rate limit on requests to the API"));
            }
            return Stream.empty();
        });
    }

    private Stream<Finding> deliveries(Blueprint b) {
        return b.destinations().values().stream().filter(d -> d.kind() == DestinationSpec.Kind.HTTP)
                .map(d -> d.secret() != null
                        ? SIGNED_DELIVERIES.pass(d.name(), "destinations." + d.name() + ".secret", "deliveries carry webhook-signature")
                        : SIGNED_DELIVERIES.warn(d.name(), "destinations." + d.name() + ".secret", "deliveries are not signed"));
    }

    private Stream<Finding> ssrf(Blueprint b) {
        if (b.outbound() == null) return Stream.empty();
        List<dev.junction.core.net.Cidr> allowed = b.outbound().allowNetworks();
        String path = "outbound.allow-networks";
        if (allowed.isEmpty()) return Stream.of(SSRF_GUARD.pass("outbound", path, "private, loopback and metadata addresses are refused"));
        List<String> wide = allowed.stream().filter(c -> c.prefix() == 0 || c.contains(METADATA)).map(Object::toString).toList();
        String ranges = String.join(", ", allowed.stream().map(Object::toString).toList());
        return Stream.of(wide.isEmpty()
                ? SSRF_GUARD.warn("outbound", path, "customers' endpoints may reach " + ranges + ": keep it to a test network")
                : SSRF_GUARD.fail("outbound", path, "customers' endpoints may reach " + String.join(", ", wide)
                        + (wide.stream().anyMatch(r -> r.endsWith("/0")) ? ": every address" : ": the cloud metadata service")));
    }

    private static boolean fromEnvironment(Optional<String> raw) {
        return raw.map(r -> r.contains("${")).orElse(true);
    }

    /** The password part of a URL's user info as written, if there is one. */
    private static Optional<String> password(String rawUrl) {
        int scheme = rawUrl.indexOf("://");
        if (scheme < 0) return Optional.empty();
        int at = rawUrl.indexOf('@', scheme + 3);
        int slash = rawUrl.indexOf('/', scheme + 3);
        if (at < 0 || (slash >= 0 && slash < at)) return Optional.empty();
        String userInfo = rawUrl.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 || colon == userInfo.length() - 1 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
    }

    static boolean loopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** The integration a path belongs to: the source's or destination's name, else "" (the gateway). */
    static String owner(String path) {
        for (String section : List.of("sources.", "destinations.")) {
            if (path.startsWith(section)) {
                String rest = path.substring(section.length());
                int end = rest.indexOf('.');
                return end < 0 ? rest : rest.substring(0, end);
            }
        }
        return "";
    }
}
