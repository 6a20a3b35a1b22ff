package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec.Kind;
import dev.junction.core.config.DestinationSpec.Target;
import dev.junction.server.config.YamlTree.Node;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A destination's URL and what follows from its kind: nothing more for HTTP, {@code exchange} and
 * {@code routing-key} for RabbitMQ, {@code subject} for NATS. A key of another kind is refused with the
 * kind it belongs to, so a YAML copied from an HTTP destination to a broker (or back) fails loudly.
 */
final class DestinationTargetReader {

    /** The keys each kind has beyond those every destination has. */
    static final Map<Kind, List<String>> KIND_KEYS = Map.of(Kind.HTTP, List.of(), Kind.AMQP, List.of("exchange", "routing-key"),
            Kind.NATS, List.of("subject"));
    /** AMQP's short strings: an exchange name or a routing key is at most 255 bytes. */
    private static final int AMQP_SHORT_STRING = 255;
    /** A subject to publish to: dot-separated tokens, no wildcards, no spaces. */
    private static final Pattern NATS_SUBJECT = Pattern.compile("[^.*>\\s]+(\\.[^.*>\\s]+)*");

    private final Values values;

    DestinationTargetReader(Values values) {
        this.values = values;
    }

    /** Every kind's own keys, for the list of allowed keys. */
    static List<String> allKindKeys() {
        return java.util.Arrays.stream(Kind.values()).flatMap(k -> KIND_KEYS.get(k).stream()).toList();
    }

    URI url(Node node) {
        String text = values.nonBlank(node).strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The reason names the offending character; the URL itself may carry credentials, so it is not echoed.
            throw values.error(node, "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        Kind kind = uri.isAbsolute() ? Kind.of(uri) : null;
        if (kind == null || uri.getHost() == null) {
            throw values.error(node, "must be an absolute URL with a host and one of the schemes " + String.join(", ", Kind.allSchemes())
                    + ", was " + Values.show(node, withoutUserInfo(uri)));
        }
        if (kind == Kind.AMQP) checkAmqp(node, uri);
        if (kind == Kind.NATS && uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw values.error(node, "a nats URL has no path (nats://[user:password@]host[:port]), was " + Values.show(node, withoutUserInfo(uri)));
        }
        return uri;
    }

    private void checkAmqp(Node node, URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() > 1 && path.indexOf('/', 1) >= 0) {
            throw values.error(node, "an amqp URL's path is its virtual host, one segment (/%2F is the default vhost '/'), was "
                    + Values.show(node, withoutUserInfo(uri)));
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.indexOf(':') != userInfo.lastIndexOf(':')) {
            throw values.error(node, "an amqp URL's user info is user:password, with ':' in either percent-encoded as %3A");
        }
    }

    /** The target for {@code kind}; a key of another kind is an error naming the kind it belongs to. */
    Target target(Section s, Kind kind) {
        for (Kind other : Kind.values()) {
            if (other == kind) continue;
            for (String key : KIND_KEYS.get(other)) {
                if (s.has(key)) {
                    throw values.errorAtKey(s.get(key), "'" + key + "' is a key of " + describe(other) + " destinations ("
                            + schemes(other) + " URLs), not of this " + describe(kind) + " one");
                }
            }
        }
        return switch (kind) {
            case HTTP -> Target.HTTP;
            case AMQP -> new Target.Amqp(s.has("exchange") ? shortString(s.get("exchange")) : "", shortString(s.require("routing-key")));
            case NATS -> new Target.Nats(subject(s.require("subject")));
        };
    }

    private String shortString(Node node) {
        String text = values.text(node);
        if (text.getBytes(StandardCharsets.UTF_8).length > AMQP_SHORT_STRING) {
            throw values.error(node, "must be at most " + AMQP_SHORT_STRING + " bytes long");
        }
        return text;
    }

    private String subject(Node node) {
        String subject = values.nonBlank(node);
        if (!NATS_SUBJECT.matcher(subject).matches()) {
            throw values.error(node, "\"" + subject + "\" is not a subject to publish to: dot-separated tokens without spaces or wildcards (* >), e.g. audit.payments");
        }
        return subject;
    }

    static String describe(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String schemes(Kind kind) {
        return String.join(" or ", kind.schemes().stream().map(s -> s + "://").toList());
    }

    static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) return uri.toString();
        return uri.toString().replace(uri.getRawUserInfo() + "@", Values.REDACTED + "@");
    }
}
