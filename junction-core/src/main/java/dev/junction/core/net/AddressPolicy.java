package dev.junction.core.net;

import dev.junction.core.retry.DeliveryRefused;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which addresses an outbound webhook may connect to: guards against server-side request forgery, where
 * a customer's endpoint URL points the gateway at its own network (a database, a cloud metadata service).
 *
 * <p>Loopback, private, link-local, CGNAT, multicast, documentation, reserved and cloud metadata
 * addresses are refused ({@link SpecialRanges} lists them all). IPv6 forms that carry an IPv4 address
 * (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address.
 * {@code allow-networks} lets chosen ranges through, e.g. receivers on the premises.
 *
 * <p>Two checks use it: {@link #checkUrl} when an endpoint is created, and {@link #connectable} each time
 * the delivery client connects, so a name that later resolves somewhere else (DNS rebinding) is still
 * refused, and the connection goes only to an address that was checked.
 */
public final class AddressPolicy {

    /** The {@link DeliveryRefused#kind()} of an attempt refused by this policy. */
    public static final String REFUSAL_KIND = "ssrf";

    /** Why a host such as 0177.0.0.1 is refused ({@link Cidr#ambiguousIpv4}). */
    private static final String AMBIGUOUS = "%s: a number with a leading zero is octal to some clients and decimal to others;"
            + " write the address without leading zeros";

    private final List<Cidr> allowNetworks;
    private final boolean httpsOnly;
    private final HostResolver resolver;

    private AddressPolicy(Builder b) {
        this.allowNetworks = List.copyOf(b.allowNetworks);
        this.httpsOnly = b.httpsOnly;
        this.resolver = b.resolver;
    }

    /** Refuses every range above, allows http and https, resolves through the JVM. */
    public static AddressPolicy ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding this policy's settings, e.g. to change only the resolver in a test. */
    public static Builder from(AddressPolicy base) {
        return custom().allowNetworks(base.allowNetworks).httpsOnly(base.httpsOnly).resolver(base.resolver);
    }

    public List<Cidr> allowNetworks() {
        return allowNetworks;
    }

    public boolean httpsOnly() {
        return httpsOnly;
    }

    public HostResolver resolver() {
        return resolver;
    }

    /** Why {@code address} may not be connected to ({@code "private 10.0.0.0/8"}), or empty if it may. */
    public Optional<String> refusal(InetAddress address) {
        return Optional.ofNullable(refusal(address.getAddress()));
    }

    public boolean allows(InetAddress address) {
        return refusal(address).isEmpty();
    }

    private String refusal(byte[] address) {
        if (allowed(address)) return null;
        if (address.length == 16) {
            for (SpecialRanges.Carrier c : SpecialRanges.CARRIERS) {
                if (c.cidr().contains(address)) {
                    String inner = refusal(Addresses.embedded(address, c.offset()));
                    return inner == null ? null : inner + " (as " + c.name() + " " + c.cidr() + ")";
                }
            }
        }
        SpecialRanges.Range range = SpecialRanges.find(address);
        return range == null ? null : range.reason();
    }

    private boolean allowed(byte[] address) {
        for (Cidr c : allowNetworks) if (c.contains(address)) return true;
        return false;
    }

    /**
     * Whether an endpoint URL may be registered: absolute http or https (https only under
     * {@code https-only}), with a host and without user info; an IP literal must be allowed, and a host name
     * must resolve, with every address allowed.
     */
    public UrlVerdict checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (httpsOnly && !"https".equals(scheme)) return UrlVerdict.refused("must be an absolute https:// URL (https-only is set)");
        if (!"http".equals(scheme) && !"https".equals(scheme)) return UrlVerdict.refused("must be an absolute http:// or https:// URL");
        if (url.getRawUserInfo() != null) return UrlVerdict.refused("must not carry a user name or password");
        String host = url.getHost();
        if (host == null || host.isEmpty()) return UrlVerdict.refused("must have a host name or IP address");
        if (Cidr.ambiguousIpv4(host)) return UrlVerdict.refused(AMBIGUOUS.formatted(host));
        try {
            List<InetAddress> addresses = addressesOf(host);
            for (InetAddress a : addresses) {
                String why = refusal(a.getAddress());
                if (why != null) return UrlVerdict.refused(describe(host, a) + " is not allowed: " + why);
            }
            return UrlVerdict.OK;
        } catch (UnknownHostException e) {
            return UrlVerdict.refused(bare(host) + " does not resolve");
        }
    }

    /**
     * The addresses of {@code host} that may be connected to, in the resolver's order: the blocked ones
     * are dropped.
     *
     * @throws DeliveryRefused (permanent, kind {@value #REFUSAL_KIND}) when none is left, naming each reason
     * @throws UnknownHostException when the name does not resolve (a retryable DNS failure)
     */
    public List<InetAddress> connectable(String host) throws UnknownHostException, DeliveryRefused {
        if (Cidr.ambiguousIpv4(host)) throw new DeliveryRefused(REFUSAL_KIND, "refused to connect to " + AMBIGUOUS.formatted(host), true);
        List<InetAddress> allowed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (InetAddress a : addressesOf(host)) {
            String why = refusal(a.getAddress());
            if (why == null) allowed.add(a);
            else reasons.add(describe(host, a) + ": " + why);
        }
        if (allowed.isEmpty()) {
            throw new DeliveryRefused(REFUSAL_KIND, "refused to connect to " + String.join("; ", reasons), true);
        }
        return List.copyOf(allowed);
    }

    /** A literal is its own address (never looked up); anything else goes to the resolver. */
    private List<InetAddress> addressesOf(String host) throws UnknownHostException {
        byte[] literal = Cidr.literal(host);
        if (literal != null) return List.of(InetAddress.getByAddress(bare(host), literal));
        List<InetAddress> found = resolver.resolve(host);
        if (found == null || found.isEmpty()) throw new UnknownHostException(host);
        return found;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code 10.0.0.5}, or {@code internal.example (10.0.0.5)} when a name was resolved. */
    private static String describe(String host, InetAddress a) {
        String address = Addresses.text(a);
        return Cidr.literal(host) != null ? address : host + " (" + address + ")";
    }

    public static final class Builder {
        private final List<Cidr> allowNetworks = new ArrayList<>();
        private boolean httpsOnly;
        private HostResolver resolver = HostResolver.SYSTEM;

        private Builder() {}

        /** Ranges let through although they are refused by default, e.g. {@code 10.1.0.0/16}. */
        public Builder allowNetworks(List<Cidr> networks) {
            allowNetworks.addAll(networks);
            return this;
        }

        /** Parses each of {@code networks} with {@link Cidr#parse}. */
        public Builder allowNetworks(String... networks) {
            for (String n : networks) allowNetworks.add(Cidr.parse(n));
            return this;
        }

        public Builder httpsOnly(boolean httpsOnly) {
            this.httpsOnly = httpsOnly;
            return this;
        }

        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        public AddressPolicy build() {
            return new AddressPolicy(this);
        }
    }
}
