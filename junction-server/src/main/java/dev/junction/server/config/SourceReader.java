package dev.junction.server.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.EventTypeSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.config.VerifySpec.HmacOptions;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.server.config.YamlTree.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Reads {@code sources:} into {@link SourceSpec}s. */
final class SourceReader {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    static final List<String> SCHEMES = List.of("stripe", "github", "slack", "shopify", "standard-webhooks", "hmac", "none");

    private static final List<String> SOURCE_KEYS = List.of("verify", "dedupe", "type", "max-body", "rate-limit", "poll", "ical");
    private static final List<String> VERIFY_KEYS = List.of("scheme", "secrets", "secret", "tolerance");
    private static final List<String> HMAC_KEYS =
            List.of("header", "algorithm", "encoding", "prefix", "timestamp-header", "template");
    private static final List<String> PLACE_KEYS = List.of("header", "json-pointer");
    private static final Map<String, String> ALGORITHMS =
            Map.of("sha256", "HmacSHA256", "sha1", "HmacSHA1", "sha512", "HmacSHA512");

    private final Values values;

    SourceReader(Values values) {
        this.values = values;
    }

    Map<String, SourceSpec> readAll(Node node) {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                // Names become the path of POST /in/{name}, so keep them URL-safe and unambiguous.
                throw values.errorAtKey(e.getValue(),
                        "source name '" + name + "' must match [a-z0-9][a-z0-9_-]* (it is used in the URL /in/" + name + ")");
            }
            sources.put(name, read(name, e.getValue()));
        }
        return sources;
    }

    private SourceSpec read(String name, Node node) {
        Node poll = values.map(node).entries().get("poll");
        Node ical = values.map(node).entries().get("ical");
        Node verifyNode = values.map(node).entries().get("verify");
        if (poll != null && ical != null) throw values.errorAtKey(ical, "a source is either a polled API ('poll') or calendars ('ical'), not both");
        if (ical != null) {
            if (verifyNode != null) throw values.errorAtKey(verifyNode, "a source either takes webhooks ('verify') or syncs calendars ('ical'), not both");
            Section s = new Section(values, node, List.of("ical"));
            return SourceSpec.ical(name, new IcalReader(values).read(s.require("ical")));
        }
        if (poll != null) {
            if (verifyNode != null) throw values.errorAtKey(verifyNode, "a source either takes webhooks ('verify') or is polled ('poll'), not both");
            Section s = new Section(values, node, List.of("poll"));
            return SourceSpec.polled(name, new PollReader(values).read(s.require("poll")));
        }
        Section s = new Section(values, node, SOURCE_KEYS);
        VerifySpec verify = verify(s.require("verify"));
        DedupeSpec dedupe = s.has("dedupe") ? place(s.get("dedupe"), "dedupe", "/id or /data/object/id", DedupeSpec::new) : DedupeSpec.DEFAULT;
        EventTypeSpec type = s.has("type") ? place(s.get("type"), "type", "/type or /event/type", EventTypeSpec::new) : EventTypeSpec.DEFAULT;
        long maxBody = s.size("max-body", SourceSpec.DEFAULT_MAX_BODY_BYTES);
        return new SourceSpec(name, verify, dedupe, maxBody, s.integer("rate-limit", 0, 0, 1_000_000), type);
    }

    private VerifySpec verify(Node node) {
        // The scheme decides which keys are allowed, so it is read before the key check.
        Node schemeNode = values.map(node).entries().get("scheme");
        String scheme = schemeNode == null ? null : values.text(schemeNode);
        if (scheme != null && !SCHEMES.contains(scheme)) {
            throw values.error(schemeNode, "unknown scheme " + Values.show(schemeNode, scheme)
                    + " (one of: " + String.join(", ", SCHEMES) + ")");
        }
        boolean hmac = "hmac".equals(scheme);
        if (!hmac) {
            for (String key : HMAC_KEYS) {
                Node misplaced = values.map(node).entries().get(key);
                if (misplaced != null) throw values.errorAtKey(misplaced, "'" + key + "' is only allowed with scheme: hmac");
            }
        }
        List<String> allowed = new ArrayList<>(VERIFY_KEYS);
        if (hmac) allowed.addAll(HMAC_KEYS);
        Section s = new Section(values, node, allowed);
        s.require("scheme");
        List<String> secrets = secrets(s, scheme);
        Duration tolerance = s.duration("tolerance", VerifySpec.DEFAULT_TOLERANCE);
        return new VerifySpec(scheme, secrets, tolerance, hmac ? hmacOptions(s) : null);
    }

    /**
     * A secret, refused here with its place when the scheme cannot use it: a Standard Webhooks key is base64
     * (after whsec_), and would otherwise fail the gateway's start without saying where it was written.
     */
    private String secret(Node item, String scheme) {
        String secret = values.nonBlank(item);
        if ("standard-webhooks".equals(scheme)) {
            try {
                SignatureSchemes.create(new VerifySpec(scheme, List.of(secret), null, null));
            } catch (IllegalArgumentException e) {
                // The decoder's own message quotes the offending character: the secret is never put in an error.
                throw values.error(item, "must be a Standard Webhooks secret: whsec_ followed by base64");
            }
        }
        return secret;
    }

    private List<String> secrets(Section s, String scheme) {
        Node plural = s.get("secrets");
        Node singular = s.get("secret");
        if (plural != null && singular != null) {
            throw values.errorAtKey(singular, "use either 'secret' or 'secrets', not both");
        }
        List<String> secrets = new ArrayList<>();
        if (plural != null) {
            for (Node item : values.oneOrMany(plural)) secrets.add(secret(item, scheme));
        } else if (singular != null) {
            secrets.add(secret(singular, scheme));
        }
        if (secrets.isEmpty() && !"none".equals(scheme)) {
            // Point at the empty list when there is one, else at the verify block.
            if (plural != null) throw values.error(plural, "must list at least one secret for scheme " + scheme);
            throw values.errorAtKey(s.node(), "missing required key 'secrets' (or 'secret') for scheme " + scheme
                    + "; use scheme: none to accept unverified requests");
        }
        return secrets;
    }

    private HmacOptions hmacOptions(Section s) {
        String header = s.requireString("header");
        String algorithm = null;
        Node algo = s.get("algorithm");
        if (algo != null) {
            algorithm = ALGORITHMS.get(values.text(algo));
            if (algorithm == null) {
                throw values.error(algo, "unknown algorithm " + Values.show(algo, values.text(algo)) + " (one of: sha256, sha1, sha512)");
            }
        }
        String encoding = null;
        Node enc = s.get("encoding");
        if (enc != null) {
            encoding = values.text(enc);
            if (!encoding.equals("hex") && !encoding.equals("base64")) {
                throw values.error(enc, "unknown encoding " + Values.show(enc, encoding) + " (one of: hex, base64)");
            }
        }
        Node prefixNode = s.get("prefix");
        String prefix = prefixNode == null ? null : values.text(prefixNode); // may be "" on purpose
        String timestampHeader = s.string("timestamp-header", null);
        String template = s.string("template", null);
        if (template != null) {
            Node t = s.get("template");
            if (!template.contains("{body}")) throw values.error(t, "must contain {body}");
            if (template.contains("{timestamp}") && timestampHeader == null) {
                throw values.error(t, "uses {timestamp} but no timestamp-header is set");
            }
        }
        return new HmacOptions(header, algorithm, encoding, prefix, timestampHeader, template);
    }

    /**
     * Where in a request a value is: {@code { header: X }} or {@code { json-pointer: /a/b }}, exactly one.
     *
     * @param key     the source's key, named in the hint to remove it
     * @param example pointers to suggest, e.g. "/type or /event/type"
     * @param make    the spec from the header and the pointer, one of them null
     */
    private <T> T place(Node node, String key, String example, BiFunction<String, String, T> make) {
        Section s = new Section(values, node, PLACE_KEYS);
        String header = s.string("header", null);
        String pointer = s.string("json-pointer", null);
        if (header != null && pointer != null) {
            throw values.errorAtKey(s.node(), "set either 'header' or 'json-pointer', not both");
        }
        if (header == null && pointer == null) {
            throw values.errorAtKey(s.node(), "set 'header' or 'json-pointer' (or remove " + key + " to use the default)");
        }
        if (pointer != null) {
            Node p = s.get("json-pointer");
            if (!pointer.startsWith("/")) throw values.error(p, "must start with / (e.g. " + example + ")");
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw values.error(p, Values.show(p, pointer) + " is not a valid JSON pointer");
            }
        }
        return make.apply(header, pointer);
    }
}
