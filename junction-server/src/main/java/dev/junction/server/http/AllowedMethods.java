package dev.junction.server.http;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods a path answers, for a 405's {@code Allow} header (RFC 9110 §15.5.6): read from the routes as Javalin
 * registered them, where {@code {name}} is one path segment, {@code <name>} any run of them and {@code *} anything.
 */
final class AllowedMethods {

    private final List<GatewayServer.Route> routes;

    AllowedMethods(List<GatewayServer.Route> routes) {
        this.routes = routes;
    }

    /** Methods registered for a route matching {@code path}, sorted; HEAD wherever GET is (Jetty answers it). */
    Set<String> of(String path) {
        Set<String> methods = new TreeSet<>();
        for (GatewayServer.Route route : routes) {
            if (pattern(route.path()).matcher(path).matches()) methods.add(route.method());
        }
        if (methods.contains("GET")) methods.add("HEAD");
        return methods;
    }

    private static Pattern pattern(String route) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < route.length(); i++) {
            char c = route.charAt(i);
            if (c == '{' || c == '<') {
                int end = route.indexOf(c == '{' ? '}' : '>', i);
                regex.append(c == '{' ? "[^/]+" : ".+");
                i = end;
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // Javalin ignores a trailing slash; so does the match.
        return Pattern.compile(regex + "/?");
    }
}
