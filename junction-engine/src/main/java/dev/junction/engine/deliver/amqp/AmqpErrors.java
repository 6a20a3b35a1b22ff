package dev.junction.engine.deliver.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import dev.junction.core.config.UrlCredentials;
import dev.junction.core.retry.DeliveryRefused;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * What a failed publish is recorded as: the client's exceptions turned into the attempt's error kind
 * and a message that says what happened, without the URL's credentials. Every one is retryable: a
 * missing exchange or a refused login can be fixed on the broker while the delivery waits.
 */
final class AmqpErrors {

    private AmqpErrors() {}

    static Throwable of(Throwable e, URI url, Duration timeout) {
        Throwable cause = unwrap(e);
        if (cause instanceof DeliveryRefused) return cause;
        if (cause instanceof com.rabbitmq.client.ChannelContinuationTimeoutException rpc) {
            String what = rpc.getMethod() instanceof Method m ? m.protocolMethodName() : "a request";
            return new TimeoutException("no answer from the broker to " + what + " within " + timeout.toMillis() + " ms (is it hung?)");
        }
        if (cause instanceof AmqpBroker.HandshakeTimeout) return cause;
        if (cause instanceof TimeoutException) {
            return new TimeoutException("no confirm from the broker within " + timeout.toMillis() + " ms");
        }
        if (cause instanceof AuthenticationFailureException) {
            return new DeliveryRefused("auth", "the broker refused the user and password of the URL: "
                    + UrlCredentials.scrub(cause.getMessage(), url), false);
        }
        if (cause instanceof ShutdownSignalException shutdown) return closed(shutdown, url);
        String message = UrlCredentials.scrub(cause.getMessage(), url);
        if (message != null && !message.equals(cause.getMessage())) {
            // The client's own message named the credentials: keep the gist, not the exception.
            return new IOException(message);
        }
        return cause;
    }

    /** The broker closed the channel (e.g. 404: no such exchange) or the connection. */
    private static Throwable closed(ShutdownSignalException shutdown, URI url) {
        Method reason = shutdown.getReason();
        int code = 0;
        String text = shutdown.getMessage();
        if (reason instanceof AMQP.Channel.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        } else if (reason instanceof AMQP.Connection.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        }
        text = UrlCredentials.scrub(text, url);
        if (code == AMQP.NOT_FOUND) return new DeliveryRefused("no-exchange", "the broker refused the publish: " + text, false);
        if (code == AMQP.ACCESS_REFUSED) return new DeliveryRefused("access-refused", "the broker refused the publish: " + text, false);
        return new IOException("the broker closed the " + (shutdown.isHardError() ? "connection" : "channel")
                + (text == null ? "" : ": " + text));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof IOException && !(t instanceof AuthenticationFailureException) && t.getCause() != null
                && (t.getCause() instanceof ShutdownSignalException || t.getCause() instanceof TimeoutException)) {
            t = t.getCause();
        }
        return t;
    }
}
