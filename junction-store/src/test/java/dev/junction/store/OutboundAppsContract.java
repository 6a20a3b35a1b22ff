package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Applications and endpoints, on every engine (mixed into {@link StoreContract}). */
interface OutboundAppsContract {

    Instant CREATED = Instant.parse("2026-11-30T12:00:00Z");

    Store store();

    private static Endpoint endpoint(String id, String appId, List<String> filter, String previous) {
        return new Endpoint(id, appId, "https://hooks.example.com/" + id, null, filter, null, Map.of("X-Tenant", "acme"), 0, false,
                "whsec_c2VjcmV0LW9uZS1zZWNyZXQtb25lLXNlY3JldC1vbmU=", previous, previous == null ? null : CREATED.plusSeconds(3600), CREATED, CREATED);
    }

    @Test
    default void applicationsAreUniqueByUidAndFoundByIdOrUid() {
        assertThat(store().createApp(new App("app_1", "acme", "Acme", CREATED))).isTrue();
        assertThat(store().createApp(new App("app_2", "acme", "Other", CREATED))).as("uid taken").isFalse();
        assertThat(store().createApp(new App("app_3", "globex", "Globex", CREATED))).isTrue();
        assertThat(store().app("acme")).map(App::id).contains("app_1");
        assertThat(store().app("app_3")).map(App::uid).contains("globex");
        assertThat(store().apps(null, 10)).extracting(App::id).containsExactly("app_1", "app_3");
        assertThat(store().apps("app_1", 10)).extracting(App::id).containsExactly("app_3");
    }

    @Test
    default void endpointsKeepTheirFiltersHeadersAndRotationAndGoWithTheirApplication() {
        store().createApp(new App("app_1", "acme", "Acme", CREATED));
        store().createEndpoint(endpoint("ep_1", "app_1", List.of("invoice.*"), null));
        store().createEndpoint(endpoint("ep_2", "app_1", null, "whsec_b2xkLW9sZC1vbGQtb2xkLW9sZC1vbGQtb2xkLW9sZC1vbGQ="));

        Endpoint first = store().endpoint("ep_1").orElseThrow();
        assertThat(first.filterTypes()).containsExactly("invoice.*");
        assertThat(first.channels()).as("none: all channels").isNull();
        assertThat(first.headers()).containsEntry("X-Tenant", "acme");
        assertThat(first.previousSecret()).isNull();
        Endpoint second = store().endpoint("ep_2").orElseThrow();
        assertThat(second.signingSecrets(CREATED)).hasSize(2);
        assertThat(second.signingSecrets(CREATED.plusSeconds(3600))).as("the grace is over").hasSize(1);

        Endpoint disabled = new Endpoint("ep_1", "app_1", first.url(), "paused by the customer", first.filterTypes(), List.of("eu"),
                Map.of(), 50, true, first.secret(), null, null, first.createdAt(), CREATED.plusSeconds(5));
        assertThat(store().updateEndpoint(disabled, CREATED.plusSeconds(5))).isTrue();
        Endpoint read = store().endpoint("ep_1").orElseThrow();
        assertThat(read.disabled()).isTrue();
        assertThat(read.channels()).containsExactly("eu");
        assertThat(read.rateLimit()).isEqualTo(50);
        assertThat(read.updatedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(store().endpoints("app_1")).extracting(Endpoint::id).containsExactly("ep_1", "ep_2");

        assertThat(store().deleteEndpoint("ep_2")).isTrue();
        assertThat(store().deleteApp("app_1")).isTrue();
        assertThat(store().endpoint("ep_1")).as("gone with its application").isEmpty();
        assertThat(store().app("acme")).isEmpty();
    }
}
