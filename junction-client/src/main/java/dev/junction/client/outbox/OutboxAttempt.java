package dev.junction.client.outbox;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import java.util.Locale;
import java.util.Objects;

/**
 * What came of one send: the outcome the relay acts on, and what it records with the event.
 *
 * @param outcome    delivered, try again later, or dead at once
 * @param summary    what happened in a few words that are safe to log ({@code HTTP 503}, {@code timeout}); null when
 *                   delivered
 * @param detail     more for the event's stored error, e.g. the start of the answer's body; recorded, never logged;
 *                   null for none
 * @param retryAfter the receiver's {@code Retry-After} as it sent it (seconds or an HTTP-date), null when it did not
 *                   ask: a retry waits at least that long, up to the retry policy's max delay
 */
public record OutboxAttempt(OutcomeClass outcome, String summary, String detail, String retryAfter) {

    /** The most of {@link #detail} that is kept. */
    static final int DETAIL_CHARS = 200;
    /** The room for the stored error ({@code last_error VARCHAR(500)}). */
    private static final int STORED_CHARS = 500;

    public OutboxAttempt {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? null : printable(detail);
    }

    /** An outcome with nothing more to say, as a plain {@link OutboxSender#send} gives it. */
    public static OutboxAttempt of(OutcomeClass outcome) {
        return new OutboxAttempt(outcome, outcome == OutcomeClass.SUCCESS ? null : "refused (" + outcome.name().toLowerCase(Locale.ROOT) + ")",
                null, null);
    }

    /** A send that threw: retryable unless the error shows the request itself is wrong. */
    static OutboxAttempt failed(Throwable error) {
        String message = error.getMessage();
        return new OutboxAttempt(OutcomeClassifier.ofError(error), OutcomeClassifier.errorKind(error),
                message == null || message.isBlank() ? error.getClass().getSimpleName() : message, null);
    }

    /** The error stored with the event: the summary, {@code qualifier} (e.g. {@code (permanent)}), then the detail. */
    String stored(String qualifier) {
        String head = (summary == null ? "failed" : summary) + (qualifier.isEmpty() ? "" : " " + qualifier);
        String text = detail == null || detail.isEmpty() ? head : head + ": " + detail;
        if (text.length() <= STORED_CHARS) return text;
        int end = Character.isHighSurrogate(text.charAt(STORED_CHARS - 1)) ? STORED_CHARS - 1 : STORED_CHARS;
        return text.substring(0, end);
    }

    /** {@code text} on one line, at most {@link #DETAIL_CHARS} characters, never cut inside a character. */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isISOControl(c)) c = ' ';
            if (c == ' ' && (b.isEmpty() || b.charAt(b.length() - 1) == ' ')) continue;
            if (b.length() + Character.charCount(c) > DETAIL_CHARS) break;
            b.appendCodePoint(c);
        }
        return b.toString().strip();
    }
}
