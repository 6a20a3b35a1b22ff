package dev.junction.engine.deliver;

/**
 * What came back from one HTTP attempt: a status (with Retry-After and a body excerpt), or a
 * transport error that stopped any response.
 */
public record SendResult(Integer status, String retryAfter, String excerpt, Throwable error) {

    public static SendResult response(int status, String retryAfter, String excerpt) {
        return new SendResult(status, retryAfter, excerpt, null);
    }

    public static SendResult failure(Throwable error) {
        return new SendResult(null, null, null, error);
    }
}
