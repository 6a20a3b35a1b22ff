package dev.junction.client.idempotency;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request with its body already read (for the fingerprint), so that the handler reads the same bytes again. When
 * the handler goes async, {@code completion} listens to the async context, whose {@code complete()} stores the answer
 * first ({@link KeyedAsyncContext}); {@link #startAsync()} puts this request and the capturing response in it, where
 * the container would put the unwrapped ones and what the handler writes later would escape the capture.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final ServletResponse response;
    private final AsyncCompletion completion;
    private volatile AsyncContext async;

    CachedBodyRequest(HttpServletRequest request, byte[] body, ServletResponse response, AsyncCompletion completion) {
        super(request);
        this.body = body;
        this.response = response;
        this.completion = completion;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext started = super.startAsync(request, response);
        // Again on a restart, whose listeners the container dropped (the listener settles a key once only).
        started.addListener(completion);
        async = new KeyedAsyncContext(started, completion);
        return async;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext started = async;
        return started != null ? started : super.getAsyncContext();
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException("the body is already read"); }
            @Override public int read() { return in.read(); }
            @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
        };
    }

    @Override
    public BufferedReader getReader() {
        Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
