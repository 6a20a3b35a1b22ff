package dev.junction.client.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends one attempt; the JDK's {@link HttpClient} in production, a script in tests of the retry logic. */
public interface Transport {

    /** Sends {@code request} once and reads its response with {@code handler}. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException;

    /** The transport that sends through {@code client}. */
    static Transport of(HttpClient client) {
        return client::send;
    }
}
