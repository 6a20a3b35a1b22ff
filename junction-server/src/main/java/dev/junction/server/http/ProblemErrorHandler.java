package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before any route sees them (a path with a bad %-escape, an ambiguous URI, headers
 * too large) as every other error is answered: {@code application/problem+json} with a {@code Trace-Id}, not Jetty's
 * HTML page. The detail names the status's reason only: the request's path may carry a secret.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String reason = HttpStatus.getMessage(code);
        ObjectNode body = Problem.JSON.createObjectNode()
                .put("type", "/problems/" + slug(code))
                .put("title", reason)
                .put("status", code)
                .put("detail", detail(code));
        response.getHeaders().put("Trace-Id", Traces.traceId(request.getHeaders().get("traceparent")));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String slug(int code) {
        return switch (code) {
            case 400 -> "bad-request";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            default -> "http-" + code;
        };
    }

    private static String detail(int code) {
        return switch (code) {
            case 400 -> "The request could not be read: its path or a header is not valid HTTP (a bad %-escape, an ambiguous path).";
            case 414 -> "The request's URI is too long.";
            case 431 -> "The request's headers are too large.";
            default -> "The request could not be served (" + HttpStatus.getMessage(code) + ").";
        };
    }
}
