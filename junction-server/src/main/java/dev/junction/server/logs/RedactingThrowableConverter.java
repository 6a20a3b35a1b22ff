package dev.junction.server.logs;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.junction.store.StoreException;
import dev.junction.store.jdbc.SqlFailure;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Prints stack traces, for the text pattern ({@code %redactedEx}) and the JSON encoder alike, without the
 * messages of database errors. Libraries log those themselves, with the throwable: HikariCP's "marked as
 * broken" line, for one, and a driver's message may hold a statement's bound values (bodies, signature
 * headers). A database error is shown as {@link SqlFailure#describe} has it; any other message in the same
 * chain is withheld too, since wrappers often repeat their cause's message, except a {@link StoreException}'s,
 * which the store builds from safe parts only.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {

    static final String WITHHELD = "(message withheld: a database error in this chain may be repeated in it)";

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(holdsDatabaseError(proxy) ? new Redacted(proxy) : proxy);
    }

    private static boolean holdsDatabaseError(IThrowableProxy proxy) {
        if (!(proxy instanceof ThrowableProxy root)) return true; // cannot look inside: assume the worst
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(root.getThrowable());
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) continue;
            if (t instanceof SQLException) return true;
            if (t.getCause() != null) todo.add(t.getCause());
            Collections.addAll(todo, t.getSuppressed());
        }
        return false;
    }

    /** The same throwable, causes and suppressed ones, with every message made safe. */
    private record Redacted(IThrowableProxy proxy) implements IThrowableProxy {

        @Override
        public String getMessage() {
            if (!(proxy instanceof ThrowableProxy p)) return WITHHELD;
            return switch (p.getThrowable()) {
                case SQLException sql -> SqlFailure.describe(sql);
                case StoreException store -> store.getMessage();
                default -> p.getMessage() == null ? null : WITHHELD;
            };
        }

        @Override
        public String getClassName() { return proxy.getClassName(); }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() { return proxy.getStackTraceElementProxyArray(); }

        @Override
        public int getCommonFrames() { return proxy.getCommonFrames(); }

        @Override
        public IThrowableProxy getCause() { return proxy.getCause() == null ? null : new Redacted(proxy.getCause()); }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) return null;
            IThrowableProxy[] redacted = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) redacted[i] = new Redacted(suppressed[i]);
            return redacted;
        }

        @Override
        public boolean isCyclic() { return proxy.isCyclic(); }
    }
}
