package dev.junction.core.verify;

/** The outcome of checking a webhook's signature. */
public sealed interface Verification {

    /** Why a request was rejected; the name is used as a metric label and in problem details. */
    enum Reason {
        MISSING_SIGNATURE("missing-signature", "The request carries no signature header the source expects."),
        MALFORMED_SIGNATURE("malformed-signature", "The signature header could not be parsed."),
        BAD_SIGNATURE("bad-signature", "No signature matches any of the source's secrets."),
        STALE_TIMESTAMP("stale-timestamp", "The signed timestamp is outside the tolerance window.");

        private final String slug;
        private final String detail;

        Reason(String slug, String detail) {
            this.slug = slug;
            this.detail = detail;
        }

        public String slug() { return slug; }
        public String detail() { return detail; }
    }

    /**
     * The detail of a {@link Reason#STALE_TIMESTAMP}: how far the signed timestamp was from the receiver's clock and
     * the tolerance, in seconds, so a clock that drifted is told from a replay at a glance.
     */
    static String staleDetail(long signedSeconds, long nowSeconds, long toleranceSeconds) {
        long off = nowSeconds - signedSeconds;
        String where = off >= 0 ? Math.abs(off) + " s before" : Math.abs(off) + " s after";
        return "The signed timestamp is " + where + " this server's clock; the tolerance is " + toleranceSeconds + " s either way.";
    }

    record Valid() implements Verification {}

    record Invalid(Reason reason) implements Verification {}

    Verification VALID = new Valid();

    static Verification invalid(Reason reason) { return new Invalid(reason); }

    default boolean isValid() { return this instanceof Valid; }
}
