package dev.junction.client.idempotency;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The response with its body held back, so it can be stored before it is sent: headers but the length go through to
 * the real response (uncommitted until the body is written), the status and body are kept here, {@code sendError}
 * included.
 *
 * <p>When the handler goes asynchronous, the filter returns before the response is written and cannot send it later
 * (the container finishes the response when the async context completes): {@link #streamFromNowOn()} then sends what
 * was written so far, and every later write goes through to the real response as well as into the copy that is stored
 * on completion. Writes may come from another thread than the switch; the copy and the real response keep one order.
 * They go into the container's buffer, which it sends when the response completes (or when a large body fills it).
 */
final class CapturingResponse extends HttpServletResponseWrapper {

    /**
     * Headers that describe one transfer, not the response, or that the container adds when it sends one (an async
     * response is read after it was sent): never stored or replayed.
     */
    private static final Set<String> NOT_STORED = Set.of("content-length", "transfer-encoding", "connection", "date", "set-cookie", "server");

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = SC_OK;
    /** Whether writes go through to the real response too; guarded by this. */
    private boolean through;
    /** Whether the writer flushes after each write, so no character waits in it once the handler went async. */
    private volatile boolean streaming;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /**
     * Headers already on the response when the handler began (lower case): set by filters in front of this one for
     * this request (a request id, CORS), they are theirs to set again on a replay, not part of the stored answer.
     */
    private final Set<String> setBefore;

    CapturingResponse(HttpServletResponse response) {
        super(response);
        setBefore = response.getHeaderNames().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public synchronized void setStatus(int sc) {
        status = sc;
        if (through) super.setStatus(sc);
    }

    @Override public synchronized int getStatus() { return status; }
    @Override public void sendError(int sc) { sendError(sc, null); }

    /** The status of a {@code sendError} (the container's error page is the answer), or 0; guarded by this. */
    private int error;
    private String errorMessage;

    @Override
    public synchronized void sendError(int sc, String msg) {
        resetBuffer();
        setStatus(sc);
        error = sc;
        errorMessage = msg;
    }

    /** Whether the handler (or the framework before it) asked the container for its error page instead of answering. */
    synchronized boolean askedForErrorPage() {
        return error != 0;
    }

    /** Passes the {@code sendError} on, so the container renders its error page (Spring Boot's JSON, Jetty's page). */
    synchronized void sendErrorThrough() throws IOException {
        ((HttpServletResponse) getResponse()).sendError(error, errorMessage);
    }

    @Override
    public void sendRedirect(String location) {
        setStatus(SC_FOUND);
        setHeader("Location", location);
    }

    /*
     * The length is never passed on: the container sends a response as soon as as many bytes as it says were written,
     * which for an async one would be before its answer is stored. send() sets it; after an async switch the
     * container does, from what it holds at completion, or sends the body chunked.
     */
    @Override public void setContentLength(int len) {}
    @Override public void setContentLengthLong(long len) {}
    @Override public void setHeader(String name, String value) { if (!isLength(name)) super.setHeader(name, value); }
    @Override public void addHeader(String name, String value) { if (!isLength(name)) super.addHeader(name, value); }
    @Override public void setIntHeader(String name, int value) { if (!isLength(name)) super.setIntHeader(name, value); }
    @Override public void addIntHeader(String name, int value) { if (!isLength(name)) super.addIntHeader(name, value); }

    private static boolean isLength(String name) {
        return "content-length".equalsIgnoreCase(name);
    }

    /**
     * Never flushes the real response, async or not: its end must not reach the client before the answer is stored
     * (Spring MVC flushes after writing a body), or a retry right after it would find the key still in flight.
     */
    @Override
    public void flushBuffer() {
        if (writer != null) writer.flush();
    }

    @Override public synchronized boolean isCommitted() { return through && super.isCommitted(); }

    @Override
    public synchronized void resetBuffer() {
        body.reset();
        if (through && !super.isCommitted()) super.resetBuffer();
    }

    @Override
    public synchronized void reset() {
        super.reset();
        body.reset();
        status = SC_OK;
    }

    private synchronized void write(byte[] b, int off, int len) throws IOException {
        body.write(b, off, len);
        if (through) getResponse().getOutputStream().write(b, off, len);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException("the body is buffered"); }
                @Override public void write(int b) throws IOException { CapturingResponse.this.write(new byte[] {(byte) b}, 0, 1); }
                @Override public void write(byte[] b, int off, int len) throws IOException { CapturingResponse.this.write(b, off, len); }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset)) {
                @Override public void write(int c) { super.write(c); flushIfStreaming(); }
                @Override public void write(char[] buf, int off, int len) { super.write(buf, off, len); flushIfStreaming(); }
                @Override public void write(String s, int off, int len) { super.write(s, off, len); flushIfStreaming(); }
                @Override public void println() { super.println(); flushIfStreaming(); }

                private void flushIfStreaming() {
                    if (streaming) flush();
                }
            };
        }
        return writer;
    }

    /** The handler went asynchronous: sends the status and body written so far, and every later write as it comes. */
    void streamFromNowOn() throws IOException {
        streaming = true;
        // Outside this object's lock: a writer holds its own lock while it writes into ours.
        if (writer != null) writer.flush();
        synchronized (this) {
            super.setStatus(status);
            getResponse().getOutputStream().write(body.toByteArray());
            through = true;
        }
    }

    /**
     * Whether the container sent another status than the handler's, after the handler went async: it answered an error
     * itself (e.g. for an exception on an async dispatch), writing past this wrapper.
     */
    synchronized boolean answeredByContainer() {
        return through && ((HttpServletResponse) getResponse()).getStatus() != status;
    }

    /** The response as written so far. */
    StoredResponse captured() {
        if (writer != null) writer.flush();
        HttpServletResponse real = (HttpServletResponse) getResponse();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : real.getHeaderNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_STORED.contains(lower) || setBefore.contains(lower)) continue;
            for (String value : real.getHeaders(name)) headers.add(Map.entry(name, value));
        }
        synchronized (this) {
            return new StoredResponse(status, headers, body.toByteArray());
        }
    }

    /** Sends the captured status and body on the real response (the headers are already there). */
    void send() throws IOException {
        StoredResponse r = captured();
        HttpServletResponse real = (HttpServletResponse) getResponse();
        real.setStatus(r.status());
        real.setContentLength(r.body().length);
        real.getOutputStream().write(r.body());
    }
}
