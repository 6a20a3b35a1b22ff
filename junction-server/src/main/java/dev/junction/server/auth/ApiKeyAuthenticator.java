package dev.junction.server.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.junction.store.ApiKey;
import dev.junction.store.ApiKeyStore;
import dev.junction.store.StoreException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a presented API key is valid and what it may do. Lookups are cached for
 * {@link #CACHE_FOR} (valid, unknown and revoked alike), so the store is asked at most once per key
 * and period however many requests arrive, and a revocation takes effect on every node within that
 * period. The bootstrap key from {@code JUNCTION_ADMIN_KEY} is compared in constant time and never stored.
 */
public final class ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    /** How long a lookup is trusted: also the longest a revoked key keeps working. */
    public static final Duration CACHE_FOR = Duration.ofSeconds(5);
    /** The last-used time of a key is written at most this often, not on every request. */
    static final Duration RECORD_USE_EVERY = Duration.ofMinutes(1);
    /** The name the bootstrap key goes by in logs. */
    public static final String BOOTSTRAP_NAME = "JUNCTION_ADMIN_KEY";
    /** A bootstrap key shorter than this is refused at start: it could be guessed. */
    static final int MIN_BOOTSTRAP_LENGTH = 32;

    /** The outcome of checking a key. */
    public sealed interface Result {
        record Granted(String name, ApiKey.Role role) implements Result {}

        record Refused(Reason reason) implements Result {}
    }

    public enum Reason { MISSING, UNKNOWN, REVOKED }

    private final ApiKeyStore store;
    private final Clock clock;
    private final byte[] bootstrapHash;
    private final LoadingCache<String, Optional<ApiKey>> byHash;
    private final LoadingCache<Boolean, Boolean> anyKey;
    private final Map<String, Instant> useRecorded = new ConcurrentHashMap<>();

    /**
     * @param bootstrapKey the value of {@code JUNCTION_ADMIN_KEY}, or null
     * @param ticker       the cache's time source (tests move it by hand)
     */
    public ApiKeyAuthenticator(ApiKeyStore store, Clock clock, String bootstrapKey, Ticker ticker) {
        if (bootstrapKey != null && bootstrapKey.strip().length() < MIN_BOOTSTRAP_LENGTH) {
            throw new IllegalArgumentException(BOOTSTRAP_NAME + " must be at least " + MIN_BOOTSTRAP_LENGTH
                    + " random characters (e.g. the output of `openssl rand -base64 32`)");
        }
        this.store = store;
        this.clock = clock;
        this.bootstrapHash = bootstrapKey == null ? null : ApiKeys.digest(bootstrapKey.strip());
        this.byHash = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(CACHE_FOR).maximumSize(10_000)
                .build(store::apiKeyByHash);
        this.anyKey = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(CACHE_FOR)
                .build(k -> bootstrapHash != null || !store.apiKeys().isEmpty());
    }

    /** For a gateway: the bootstrap key from {@code env}, the system ticker. */
    public static ApiKeyAuthenticator fromEnvironment(ApiKeyStore store, Clock clock, Map<String, String> env) {
        String bootstrap = env.get(BOOTSTRAP_NAME);
        return new ApiKeyAuthenticator(store, clock, bootstrap == null || bootstrap.isBlank() ? null : bootstrap, Ticker.systemTicker());
    }

    /** Checks {@code presented} (null when the request carried no key). */
    public Result authenticate(String presented) {
        if (presented == null || presented.isBlank()) return new Result.Refused(Reason.MISSING);
        byte[] hash = ApiKeys.digest(presented.strip());
        if (bootstrapHash != null && MessageDigest.isEqual(hash, bootstrapHash)) {
            return new Result.Granted(BOOTSTRAP_NAME, ApiKey.Role.ADMIN);
        }
        // Looking up by SHA-256 is safe against timing: what a timing difference could reveal is about the
        // hash of the attacker's own guess, which brings them no closer to a valid key (ADR 0006).
        Optional<ApiKey> found = byHash.get(java.util.HexFormat.of().formatHex(hash));
        if (found.isEmpty()) return new Result.Refused(Reason.UNKNOWN);
        if (found.get().revoked()) return new Result.Refused(Reason.REVOKED);
        recordUse(found.get().name());
        return new Result.Granted(found.get().name(), found.get().role());
    }

    /** False while no key has been created and no bootstrap key is set: the operator needs telling how. */
    public boolean anyKeyExists() {
        return anyKey.get(Boolean.TRUE);
    }

    private void recordUse(String name) {
        Instant now = clock.instant();
        boolean[] due = {false};
        useRecorded.compute(name, (k, last) -> {
            if (last != null && now.isBefore(last.plus(RECORD_USE_EVERY))) return last;
            due[0] = true;
            return now;
        });
        if (!due[0]) return;
        try {
            store.apiKeyUsed(name, now);
        } catch (StoreException e) {
            log.warn("could not record the use of API key {}: {}", name, e.getMessage());
        }
    }
}
