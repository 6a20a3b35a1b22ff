package dev.junction.server.demo.crm;

/**
 * How a simulated system spells its record ids, so a sync is tested against ids that differ per system the
 * way Salesforce, HubSpot and a home-grown CRM differ. Ids come from the store's sequence, so a run is
 * repeatable.
 */
public enum IdStyle {

    /** Salesforce-like: {@code 003} then 12 base-62 characters, e.g. {@code 003000000000001}. */
    SALESFORCE {
        @Override
        String id(long sequence) {
            StringBuilder digits = new StringBuilder();
            for (long n = sequence; n > 0; n /= BASE62.length()) digits.append(BASE62.charAt((int) (n % BASE62.length())));
            while (digits.length() < 12) digits.append('0');
            return "003" + digits.reverse();
        }
    },
    /** HubSpot-like: a plain number, e.g. {@code 51000001}. */
    NUMERIC {
        @Override
        String id(long sequence) {
            return Long.toString(51_000_000L + sequence);
        }
    },
    /** A home-grown CRM's: {@code crm_} and a zero-padded number, e.g. {@code crm_000001}. */
    PREFIXED {
        @Override
        String id(long sequence) {
            return "crm_%06d".formatted(sequence);
        }
    };

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The id of the {@code sequence}-th record created (1, 2, ...). */
    abstract String id(long sequence);
}
