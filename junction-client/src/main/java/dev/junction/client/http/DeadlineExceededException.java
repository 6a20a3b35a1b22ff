package dev.junction.client.http;

import java.net.http.HttpTimeoutException;

/** A call's deadline passed before it had a response worth returning; the last attempt's error, if any, is the cause. */
public final class DeadlineExceededException extends HttpTimeoutException {

    DeadlineExceededException(String message, Throwable lastError) {
        super(message);
        if (lastError != null) initCause(lastError);
    }
}
