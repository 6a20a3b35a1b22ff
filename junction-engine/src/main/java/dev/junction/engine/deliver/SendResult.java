package dev.junction.engine.deliver;

/**
 * What came back from one attempt: an HTTP status (with Retry-After and a body excerpt), a broker's
 * acknowledgement (no status; the excerpt says what the broker answered), or an error that stopped
 * any answer.
 */
public record SendResult(Integer status, String retryAfter, String excerpt, Throwable error) {

    public static SendResult response(int status, String retryAfter, String excerpt) {
        return new SendResult(status, retryAfter, excerpt, null);
    }

    /** A broker took the message: a RabbitMQ publisher confirm, a JetStream PubAck. */
    public static SendResult acknowledged(String what) {
        return new SendResult(null, null, what, null);
    }

    public static SendResult failure(Throwable error) {
        return new SendResult(null, null, null, error);
    }

    /** A broker's acknowledgement rather than an HTTP answer or an error. */
    public boolean acknowledged() {
        return status == null && error == null;
    }
}
