package dev.junction.engine.poll;

import dev.junction.core.net.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which redirects a poll follows, as a calendar client does: a channel moves its feeds (a new host, http to https,
 * a CDN's signed URL), and a poll that stopped at the {@code 301} would leave the feed failing until someone edits
 * the configuration, an overbooking's window meanwhile.
 *
 * <p>Followed: {@code 301, 302, 303, 307, 308} with a {@code Location}, at most {@link #MAX} in a row, to http or
 * https. Not followed: from https to http (a downgrade), and from a host on the public internet to one in a network
 * {@link AddressPolicy} refuses (loopback, private, link-local, metadata...), so a feed's host cannot make the gateway
 * read inside its own network. A feed configured on a private address (an internal PMS) may redirect within it.
 * Credentials are the caller's to drop when the origin changes ({@link #sameOrigin}).
 */
final class Redirects {

    static final int MAX = 5;

    private final AddressPolicy policy;

    Redirects(AddressPolicy policy) {
        this.policy = policy;
    }

    /** Where to go next from {@code at} (reached from {@code origin}), or empty when the answer is not a redirect to follow. */
    Optional<URI> next(URI origin, URI at, int status, HttpHeaders headers) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) return Optional.empty();
        Optional<String> location = headers.firstValue("Location");
        if (location.isEmpty() || location.get().isBlank()) return Optional.empty();
        URI to;
        try {
            to = at.resolve(location.get().trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) return Optional.empty();
        if ("https".equalsIgnoreCase(at.getScheme()) && scheme.equals("http")) return Optional.empty();
        if (!sameHost(origin, to) && isPublic(origin.getHost()) && !isPublic(to.getHost())) return Optional.empty();
        return Optional.of(to);
    }

    /** Scheme, host and port alike: what an {@code Authorization} header may be sent to again. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && sameHost(a, b) && port(a) == port(b);
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Every address of the host is one the policy allows; a name that does not resolve is not public. */
    private boolean isPublic(String host) {
        try {
            List<InetAddress> addresses = policy.resolver().resolve(host);
            return !addresses.isEmpty() && addresses.stream().allMatch(policy::allows);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
