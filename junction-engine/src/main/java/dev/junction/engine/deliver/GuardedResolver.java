package dev.junction.engine.deliver;

import dev.junction.core.net.AddressPolicy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The delivery client's name resolution, through an {@link AddressPolicy}: blocked addresses are dropped
 * and the client connects only to the addresses that were checked, so a name that resolved to a public
 * address when its endpoint was created and resolves to a private one now (DNS rebinding) is refused here,
 * with a permanent {@link dev.junction.core.retry.DeliveryRefused} of kind {@value AddressPolicy#REFUSAL_KIND}.
 */
public final class GuardedResolver implements SocketAddressResolver {

    private final AddressPolicy policy;
    private final Executor executor;

    /** Lookups block, so they run on {@code executor} rather than on the thread that asked. */
    public GuardedResolver(AddressPolicy policy, Executor executor) {
        this.policy = policy;
        this.executor = executor;
    }

    /** Makes {@code client} (not yet started) resolve and connect only through {@code policy}. */
    public static HttpClient configure(HttpClient client, AddressPolicy policy) {
        if (client.isStarted()) throw new IllegalStateException("the resolver must be set before the client starts");
        // The client's executor exists only once it has started: look it up at each resolution.
        client.setSocketAddressResolver(new GuardedResolver(policy, task -> client.getExecutor().execute(task)));
        return client;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            List<InetSocketAddress> addresses;
            try {
                String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                addresses = policy.connectable(bare).stream().map(a -> new InetSocketAddress(a, port)).toList();
            } catch (Throwable e) {
                promise.failed(e);
                return;
            }
            promise.succeeded(addresses);
        });
    }
}
