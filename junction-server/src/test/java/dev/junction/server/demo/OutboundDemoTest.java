package dev.junction.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbound demo, small: every invoice reaches both customers verified, through a rotation and 503s. */
class OutboundDemoTest {

    @TempDir
    Path dir;

    @Test
    void everyInvoiceReachesBothCustomersVerifiedAndThePrivateEndpointIsRefused() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = new OutboundDemo(20, dir, Duration.ofSeconds(40), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("initech asks for http://10.0.0.7/webhooks: 422", "private 10.0.0.0/8",
                "globex received               20   of 20", "bad signatures                 0", "OK: every invoice");
    }
}
