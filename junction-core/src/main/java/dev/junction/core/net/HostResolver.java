package dev.junction.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host name up. Injected so tests can answer one way at check time and another at connect time. */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver, which also parses literals ({@code 127.1}, {@code 2130706433}) as addresses. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
