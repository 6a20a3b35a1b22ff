package dev.junction.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void credentialsQueryValuesAndTokenLikePathSegmentsAreMasked() {
        assertThat(Urls.redact(URI.create("https://user:pass@hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXX1234")))
                .isEqualTo("https://hooks.slack.com/services/T00000000/B00000000/***");
        assertThat(Urls.redact(URI.create("http://127.0.0.1:9000/hooks?api_key=s3cr3t&flag#frag")))
                .isEqualTo("http://127.0.0.1:9000/hooks?api_key=***&***");
        assertThat(Urls.redact(URI.create("https://discord.com/api/webhooks/123456789012345678/AbCdEf0123456789_-xyz")))
                .isEqualTo("https://discord.com/api/webhooks/123456789012345678/***");
    }

    @Test
    void brokerUrlsLoseTheirUserAndPassword() {
        assertThat(Urls.redact(URI.create("amqp://guest:s3cret@127.0.0.1:5672/%2F"))).isEqualTo("amqp://127.0.0.1:5672/%2F");
        assertThat(Urls.redact(URI.create("amqps://ledger:p%40ss@rabbit.example.com/prod"))).isEqualTo("amqps://rabbit.example.com/prod");
        assertThat(Urls.redact(URI.create("nats://audit:s3cret@127.0.0.1:4222"))).isEqualTo("nats://127.0.0.1:4222");
    }

    @Test
    void ordinaryUrlsAreShownAsTheyAre() {
        assertThat(Urls.redact(URI.create("https://crm.example.com/webhooks/junction-events"))).isEqualTo("https://crm.example.com/webhooks/junction-events");
        assertThat(Urls.redact(URI.create("http://localhost:8080"))).isEqualTo("http://localhost:8080");
    }
}
