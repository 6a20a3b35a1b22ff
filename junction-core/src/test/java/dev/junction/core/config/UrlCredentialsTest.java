package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

    @Test
    void maskedKeepsEverythingButTheUserInfo() {
        assertThat(UrlCredentials.masked(URI.create("amqp://guest:s3cret@127.0.0.1:5672/%2F"))).isEqualTo("amqp://***@127.0.0.1:5672/%2F");
        assertThat(UrlCredentials.masked(URI.create("nats://127.0.0.1:4222"))).isEqualTo("nats://127.0.0.1:4222");
    }

    @Test
    void scrubRemovesThePasswordInEveryFormAClientMightPrint() {
        URI url = URI.create("nats://audit:p%40ss%3Aw0rd@127.0.0.1:4222");
        assertThat(UrlCredentials.scrub("Unable to connect to NATS servers: [nats://audit:p%40ss%3Aw0rd@127.0.0.1:4222]", url))
                .isEqualTo("Unable to connect to NATS servers: [nats://***@127.0.0.1:4222]");
        assertThat(UrlCredentials.scrub("login audit:p@ss:w0rd refused", url)).doesNotContain("p@ss:w0rd").doesNotContain("w0rd");
        assertThat(UrlCredentials.scrub("Bad user info: audit:p%40ss%3Aw0rd", url)).doesNotContain("p%40ss%3Aw0rd");
        assertThat(UrlCredentials.scrub("connection refused", URI.create("nats://127.0.0.1:4222"))).isEqualTo("connection refused");
    }
}
