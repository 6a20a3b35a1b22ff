package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.server.Gateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A request the client broke off (a body shorter than its Content-Length, then the socket half-closed) or sent with
 * chunked encoding that is not, over a real socket: a 400 problem, nothing stored, and nothing logged above DEBUG.
 * Both were a 500 and an ERROR with a 55-line stack trace, so a few bytes from anyone grew the log by 4.6 KB.
 */
class BrokenRequestsTest {

    @TempDir
    Path dir;

    @Test
    void aBodyCutShortOrBadlyChunkedIsTheClientsFaultNotAnError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (Gateway gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "http://127.0.0.1:9/hooks" }
                routes:
                  - { from: stripe, to: [billing] }
                """))) {
            String cut = send(gateway.port(), "POST /in/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 100\r\n\r\n{\"id\":\"evt");
            String chunked = send(gateway.port(), "POST /in/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            for (String answer : new String[] {cut, chunked}) {
                assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
            }
            assertThat(gateway.pipeline().store().stats().messages()).isZero();
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("/in/stripe"));
    }

    /** Writes {@code request}, closes the sending half (the client is done), and reads what comes back. */
    private static String send(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
