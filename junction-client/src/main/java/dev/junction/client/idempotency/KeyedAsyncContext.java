package dev.junction.client.idempotency;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The container's async context, whose {@link #complete()} first stores the handler's answer: the container sends the
 * rest of the response only once it completes, so a retry that follows the answer finds it stored, not in flight.
 */
final class KeyedAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final AsyncCompletion completion;

    KeyedAsyncContext(AsyncContext context, AsyncCompletion completion) {
        this.context = context;
        this.completion = completion;
    }

    @Override
    public void complete() {
        completion.answered();
        context.complete();
    }

    @Override public ServletRequest getRequest() { return context.getRequest(); }
    @Override public ServletResponse getResponse() { return context.getResponse(); }
    @Override public boolean hasOriginalRequestAndResponse() { return context.hasOriginalRequestAndResponse(); }
    @Override public void dispatch() { context.dispatch(); }
    @Override public void dispatch(String path) { context.dispatch(path); }
    @Override public void dispatch(ServletContext servletContext, String path) { context.dispatch(servletContext, path); }
    @Override public void start(Runnable run) { context.start(run); }
    @Override public void addListener(AsyncListener listener) { context.addListener(listener); }
    @Override public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) { context.addListener(listener, request, response); }
    @Override public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException { return context.createListener(type); }
    @Override public void setTimeout(long timeout) { context.setTimeout(timeout); }
    @Override public long getTimeout() { return context.getTimeout(); }
}
