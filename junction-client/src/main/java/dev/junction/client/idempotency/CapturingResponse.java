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
 * The response with its body held back, so it can be stored before it is sent: headers go through to the real
 * response (uncommitted until the body is written), the status and body are kept here, {@code sendError} included.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

    /** Headers that describe one transfer, not the response: never stored or replayed. */
    private static final Set<String> NOT_STORED = Set.of("content-length", "transfer-encoding", "connection", "date", "set-cookie");

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = SC_OK;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CapturingResponse(HttpServletResponse response) {
        super(response);
    }

    @Override public void setStatus(int sc) { status = sc; }
    @Override public int getStatus() { return status; }
    @Override public void sendError(int sc) { sendError(sc, null); }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
        body.reset();
    }

    @Override
    public void sendRedirect(String location) {
        status = SC_FOUND;
        setHeader("Location", location);
    }

    @Override public void flushBuffer() { if (writer != null) writer.flush(); }
    @Override public boolean isCommitted() { return false; }
    @Override public void resetBuffer() { body.reset(); }

    @Override
    public void reset() {
        super.reset();
        body.reset();
        status = SC_OK;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException("the body is buffered"); }
                @Override public void write(int b) { body.write(b); }
                @Override public void write(byte[] b, int off, int len) { body.write(b, off, len); }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    /** The response as written so far. */
    StoredResponse captured() {
        if (writer != null) writer.flush();
        HttpServletResponse real = (HttpServletResponse) getResponse();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : real.getHeaderNames()) {
            if (NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) continue;
            for (String value : real.getHeaders(name)) headers.add(Map.entry(name, value));
        }
        return new StoredResponse(status, headers, body.toByteArray());
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
