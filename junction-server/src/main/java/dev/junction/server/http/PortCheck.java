package dev.junction.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether the gateway's address can be listened on, asked before the HTTP server starts: a port in use is one line
 * for the operator (the CLI prints an IllegalArgumentException's message), where the server's own failure is an
 * error log with a stack trace of 44 lines that never says which setting to change.
 */
final class PortCheck {

    private PortCheck() {}

    /** @throws IllegalArgumentException naming the address and the setting when something listens there already */
    static void free(String host, int port) {
        if (port == 0) return; // any free port
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the server binds: a port in TIME_WAIT is free for it
            probe.bind(host == null || host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw inUse(host, port);
        }
    }

    static IllegalArgumentException inUse(String host, int port) {
        return new IllegalArgumentException("cannot listen on " + (host == null || host.isBlank() ? "" : host) + ":" + port
                + ": the port is in use or not allowed (server.port, server.host); stop what listens there or choose another port");
    }
}
