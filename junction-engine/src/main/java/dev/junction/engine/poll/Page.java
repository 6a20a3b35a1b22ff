package dev.junction.engine.poll;

import java.net.URI;
import java.net.http.HttpHeaders;

/** One answer of a polled API. */
record Page(URI uri, int status, HttpHeaders headers, byte[] body) {

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
