package dev.junction.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.junction.store.StoreException;
import java.sql.BatchUpdateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactingThrowableConverterTest {

    /** As pgjdbc words a failed batch when it may print the statement: with every bound value. */
    private static final String BATCH_MESSAGE = "Batch entry 0 INSERT INTO messages (headers, body) VALUES"
            + " (('{\"Stripe-Signature\":\"t=1,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd\"}'),"
            + " ('\\x7b22736563726574223a317d'::bytea)) was aborted: FATAL: terminating connection due to administrator command";

    private final LoggerContext context = new LoggerContext();

    private String print(Throwable t) {
        RedactingThrowableConverter converter = new RedactingThrowableConverter();
        converter.setContext(context);
        converter.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("com.zaxxer.hikari.pool.ProxyConnection"), Level.WARN,
                "Connection marked as broken", t, null);
        return converter.convert(event);
    }

    @Test
    void aDatabaseErrorIsPrintedByItsStateWithItsStackButNotItsMessage() {
        BatchUpdateException batch = new BatchUpdateException(BATCH_MESSAGE, "57P01", 0, new int[] {-3});
        // A wrapper that repeats its cause's message, as RuntimeException(cause) does.
        String printed = print(new RuntimeException(batch));

        assertThat(printed).doesNotContain("v1=").doesNotContain("7b22").doesNotContain("INSERT")
                .contains("java.lang.RuntimeException: " + RedactingThrowableConverter.WITHHELD)
                .contains("Caused by: java.sql.BatchUpdateException: server terminated the connection (SQLState 57P01, vendor code 0, BatchUpdateException)")
                .contains("at dev.junction.server.logs.RedactingThrowableConverterTest");
    }

    @Test
    void aStoreExceptionKeepsItsMessageWhichTheStoreBuildsFromSafeParts() {
        BatchUpdateException batch = new BatchUpdateException(BATCH_MESSAGE, "57P01", 0, new int[] {-3});
        String printed = print(new StoreException("store failed to store messages: connection failed", batch));

        assertThat(printed).contains("StoreException: store failed to store messages: connection failed").doesNotContain("v1=");
    }

    @Test
    void otherErrorsArePrintedAsTheyAre() {
        assertThat(print(new IllegalStateException("dispatcher loop failed on delivery dlv_1")))
                .contains("java.lang.IllegalStateException: dispatcher loop failed on delivery dlv_1");
    }

    /** The gateway's own logback.xml, both appenders: the converter is what prints their stack traces. */
    @ParameterizedTest
    @ValueSource(strings = {"TEXT", "JSON"})
    void theGatewaysLogConfigurationPrintsThroughIt(String appender) throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        LoggerContext gateway = new LoggerContext();
        try {
            gateway.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            gateway.putProperty("JUNCTION_LOG_APPENDER", appender);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(gateway);
            configurator.doConfigure(RedactingThrowableConverter.class.getResource("/logback.xml"));
            gateway.getLogger("com.zaxxer.hikari.pool.ProxyConnection").warn("Connection marked as broken",
                    new RuntimeException(new BatchUpdateException(BATCH_MESSAGE, "57P01", 0, new int[] {-3})));
        } finally {
            System.setErr(stderr);
            gateway.stop();
        }
        String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(gateway.getStatusManager().getCopyOfStatusList()).noneMatch(st -> st.getLevel() >= ch.qos.logback.core.status.Status.ERROR);
        assertThat(printed).contains("Connection marked as broken").contains("SQLState 57P01")
                .doesNotContain("v1=").doesNotContain("7b22");
        if (appender.equals("JSON")) assertThat(printed).startsWith("{").contains("\"stack_trace\"");
    }
}
