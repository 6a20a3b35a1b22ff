package dev.junction.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.auth.ApiKeyAuthenticator.Reason;
import dev.junction.server.auth.ApiKeyAuthenticator.Result;
import dev.junction.store.ApiKey;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caching and last-use recording, with time moved by hand over a real SQLite store. */
class ApiKeyAuthenticatorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private JdbcStore store;
    private final AtomicLong nanos = new AtomicLong();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        now = now.plus(d);
    }

    private ApiKeyAuthenticator authenticator(String bootstrap) {
        return new ApiKeyAuthenticator(store, clock, bootstrap, nanos::get);
    }

    private String issue(String name, ApiKey.Role role) {
        return ApiKeys.issue(store, name, role, now, new SecureRandom()).key();
    }

    @Test
    void aKeyIsGrantedItsRoleAndAnUnknownOrMissingOneIsRefused() {
        String key = issue("ci", ApiKey.Role.READ);
        ApiKeyAuthenticator auth = authenticator(null);
        assertThat(auth.authenticate(key)).isEqualTo(new Result.Granted("ci", ApiKey.Role.READ));
        assertThat(auth.authenticate(key + "x")).isEqualTo(new Result.Refused(Reason.UNKNOWN));
        assertThat(auth.authenticate(null)).isEqualTo(new Result.Refused(Reason.MISSING));
    }

    @Test
    void aRevocationTakesEffectWhenTheCachedLookupExpiresAndNoLater() {
        String key = issue("ci", ApiKey.Role.ADMIN);
        ApiKeyAuthenticator auth = authenticator(null);
        assertThat(auth.authenticate(key)).isInstanceOf(Result.Granted.class);

        store.revokeApiKey("ci", now);
        advance(ApiKeyAuthenticator.CACHE_FOR.minusMillis(1));
        assertThat(auth.authenticate(key)).as("the cached lookup still holds").isInstanceOf(Result.Granted.class);
        advance(Duration.ofMillis(1));
        assertThat(auth.authenticate(key)).isEqualTo(new Result.Refused(Reason.REVOKED));
    }

    @Test
    void theLastUseIsWrittenAtMostOnceAMinute() {
        String key = issue("ci", ApiKey.Role.READ);
        ApiKeyAuthenticator auth = authenticator(null);
        auth.authenticate(key);
        assertThat(store.apiKeys().get(0).lastUsedAt()).isEqualTo(T0);

        advance(Duration.ofSeconds(59));
        auth.authenticate(key);
        assertThat(store.apiKeys().get(0).lastUsedAt()).as("not written again within the minute").isEqualTo(T0);

        advance(Duration.ofSeconds(1));
        auth.authenticate(key);
        assertThat(store.apiKeys().get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theBootstrapKeyIsAnAdminThatCountsAsAKeyExisting() {
        String bootstrap = "b".repeat(ApiKeyAuthenticator.MIN_BOOTSTRAP_LENGTH);
        ApiKeyAuthenticator withBootstrap = authenticator(bootstrap);
        assertThat(withBootstrap.authenticate(bootstrap)).isEqualTo(new Result.Granted(ApiKeyAuthenticator.BOOTSTRAP_NAME, ApiKey.Role.ADMIN));
        assertThat(withBootstrap.anyKeyExists()).isTrue();
        assertThat(authenticator(null).anyKeyExists()).isFalse();
    }

    @Test
    void issuedKeysAre256BitRandomAndOnlyTheirHashAndPrefixAreStored() {
        ApiKeys.Issued a = ApiKeys.issue(store, "a", ApiKey.Role.READ, now, new SecureRandom());
        ApiKeys.Issued b = ApiKeys.issue(store, "b", ApiKey.Role.READ, now, new SecureRandom());
        assertThat(a.key()).matches("jk_[A-Za-z0-9_-]{43}").isNotEqualTo(b.key());
        assertThat(a.stored().prefix()).isEqualTo(a.key().substring(0, 7));
        assertThat(store.apiKeyByHash(ApiKeys.sha256(a.key()))).map(ApiKey::name).contains("a");
    }
}
