package dev.junction.core.net;

/** Whether an endpoint URL may be registered, and if not, why ({@code "... is not allowed: loopback 127.0.0.0/8"}). */
public record UrlVerdict(String refusal) {

    static final UrlVerdict OK = new UrlVerdict(null);

    static UrlVerdict refused(String why) {
        return new UrlVerdict(why);
    }

    public boolean allowed() {
        return refusal == null;
    }
}
