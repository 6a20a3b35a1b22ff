package dev.junction.core.retry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Classifies an attempt's HTTP status or transport error into an {@link OutcomeClass}. */
public final class OutcomeClassifier {

    private OutcomeClassifier() {}

    public static OutcomeClass ofStatus(int status) {
        if (status >= 200 && status < 300) return OutcomeClass.SUCCESS;
        if (status == 408 || status == 425 || status == 429 || status >= 500) return OutcomeClass.RETRYABLE;
        // Redirects are not followed for webhooks (the body would be lost on 301/302), so they are permanent.
        return OutcomeClass.PERMANENT;
    }

    /**
     * Transport errors are retryable: the receiver may be restarting or the network may be briefly
     * down. Only errors that show the request itself is wrong (e.g. an unsupported URI) are permanent.
     */
    public static OutcomeClass ofError(Throwable error) {
        if (error instanceof DeliveryRefused refused) return refused.permanent() ? OutcomeClass.PERMANENT : OutcomeClass.RETRYABLE;
        if (error instanceof HttpConnectTimeoutException || error instanceof HttpTimeoutException
                || error instanceof ConnectException || error instanceof UnknownHostException
                || error instanceof IOException) {
            return OutcomeClass.RETRYABLE;
        }
        if (error instanceof IllegalArgumentException) return OutcomeClass.PERMANENT;
        return OutcomeClass.RETRYABLE;
    }

    private static boolean isConnectTimeout(Throwable error) {
        return error instanceof SocketTimeoutException && error.getMessage() != null
                && error.getMessage().toLowerCase(java.util.Locale.ROOT).startsWith("connect");
    }

    /**
     * A short machine-readable name of the error kind, recorded with the attempt. Knows the errors of
     * the JDK's HttpClient and of Jetty's (which reports a connect timeout as a SocketTimeoutException
     * "Connect Timeout" and the request's total timeout as a TimeoutException).
     */
    public static String errorKind(Throwable error) {
        if (error instanceof DeliveryRefused refused) return refused.kind();
        if (error instanceof HttpConnectTimeoutException || isConnectTimeout(error)) return "connect-timeout";
        if (error instanceof HttpTimeoutException || error instanceof TimeoutException
                || error instanceof SocketTimeoutException) return "timeout";
        if (error instanceof UnknownHostException) return "dns";
        if (error instanceof ConnectException) return "connect";
        if (error instanceof IOException) return "io";
        return "error";
    }
}
