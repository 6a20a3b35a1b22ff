package dev.junction.client.idempotency;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles an idempotency key once an asynchronous request ends. The handler's answer is stored when it is complete:
 * when the handler calls {@code complete()} ({@link KeyedAsyncContext}) or its async dispatch returns (through the
 * filter mapped to ASYNC dispatches), both before the container finishes the response; failing those, on completion,
 * unless the container answered in the handler's stead. On a timeout or an error the container answers, not the
 * handler, so the key is let go for a retry to run. Whichever comes first settles it: a completion after a timeout
 * stores nothing.
 */
final class AsyncCompletion implements AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(AsyncCompletion.class);

    private final Runnable store;
    private final Runnable release;
    private final String request;
    /** Whether the key was stored or let go; a listener may be registered twice across an async restart. */
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param store   stores the captured response (or lets the key go where it should not be stored)
     * @param release lets the key go
     * @param request the method and path, for the log
     */
    AsyncCompletion(Runnable store, Runnable release, String request) {
        this.store = store;
        this.release = release;
        this.request = request;
    }

    /** The handler's answer is complete: stores it unless the key was settled already. */
    void answered() {
        settle(store, "store its response");
    }

    @Override
    public void onComplete(AsyncEvent event) {
        settle(store, "store its response");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        settle(release, "let its key go after a timeout");
    }

    @Override
    public void onError(AsyncEvent event) {
        settle(release, "let its key go after an error");
    }

    /** A handler that starts async again keeps this listener, as the servlet spec asks a listener to re-register. */
    @Override
    public void onStartAsync(AsyncEvent event) {
        if (event.getSuppliedRequest() == null) {
            event.getAsyncContext().addListener(this);
        } else {
            event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
        }
    }

    private void settle(Runnable action, String what) {
        if (!settled.compareAndSet(false, true)) return;
        try {
            action.run();
        } catch (RuntimeException e) {
            // A container callback: nothing above would log it. The key is left to expire its lock.
            log.warn("async {} under an Idempotency-Key: could not {}: {}", request, what, e.getClass().getName());
        }
    }
}
