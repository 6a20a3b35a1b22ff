package dev.junction.server.design;

import dev.junction.core.explain.Direction;
import dev.junction.core.explain.ProviderPreset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * {@code junction new} asked in a terminal: the three steps of the decision framework (what kind of integration,
 * which guarantee, what to do on each failure), one question at a time, each with its default in brackets (Enter
 * takes it) and asked again, with the reason, when the answer does not fit.
 */
public final class Wizard {

    private final BufferedReader in;
    private final PrintStream out;

    public Wizard(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** Thrown when the input ends before the last question. */
    public static final class Ended extends RuntimeException {
        Ended() {
            super("the input ended before the last question; nothing was written");
        }
    }

    /** The choices, and the file to write them to. */
    public record Answers(Choices choices, String file) {}

    /**
     * Asks every question; {@code writable} checks the file's answer as the others are checked (it throws
     * IllegalArgumentException saying why), so a file that exists is asked again rather than refused after the last one.
     */
    public Answers run(String defaultFile, java.util.function.Consumer<String> writable) {
        out.println("Step 1 of 3: what kind of integration is it?");
        out.println("  push, the provider calls Junction: stripe, github, slack, shopify, generic (an HMAC-signed webhook)");
        out.println("  pull, Junction reads the provider's calendar: airbnb, booking, vrbo");
        ProviderPreset preset = ask("Preset", "stripe", ProviderPreset::of);
        Choices d = Choices.defaults(preset);
        out.println();
        out.println("Step 2 of 3: the guarantee. Into Junction: " + preset.guarantee().label() + ", " + preset.keyedBy() + ".");
        out.println("  To the receiver: at-least-once; it dedupes on webhook-id.");
        String source = ask("Source name", d.source(), t -> Choices.name("source", t));
        String header = d.signatureHeader();
        String pointer = d.dedupePointer();
        if (preset == ProviderPreset.GENERIC) {
            header = ask("Header with the signature", header, Choices::header);
            pointer = ask("JSON pointer to each event's id", pointer, p -> {
                if (!p.startsWith("/")) throw new IllegalArgumentException("a JSON pointer starts with / (e.g. /id)");
                return p;
            });
        }
        out.println();
        out.println("Step 3 of 3: failures. Transient ones are retried with backoff, permanent ones are dead at once,");
        out.println("  and what still fails becomes a dead letter that someone is alerted to.");
        String destination = ask("Destination name", d.destination(),
                t -> Choices.distinct(source, Choices.name("destination", t)));
        String url = ask("Its URL (https; ${VAR} reads it from the environment)", Choices.urlVariable(destination),
                t -> Choices.url("the destination's URL", t));
        Duration slo = ask("How soon must an event arrive (slo)", ConfigFragment.written(d.slo()), t -> Choices.duration("slo", t));
        Duration timeout = ask("Timeout of one attempt", ConfigFragment.written(d.timeout().compareTo(slo) < 0 ? d.timeout() : slo.dividedBy(4)), t -> {
            Duration parsed = Choices.duration("timeout", t);
            if (parsed.compareTo(slo) >= 0) throw new IllegalArgumentException("must be shorter than the slo, or an attempt could miss it");
            return parsed;
        });
        int attempts = ask("Attempts before a dead letter (2-" + Choices.MAX_ATTEMPTS + ")", String.valueOf(d.attempts()), t -> {
            int n = Integer.parseInt(t.strip());
            if (n < 2 || n > Choices.MAX_ATTEMPTS) throw new IllegalArgumentException("between 2 and " + Choices.MAX_ATTEMPTS);
            return n;
        });
        int rate = preset.direction() == Direction.PULL ? d.rateLimit()
                : ask("Requests per second the endpoint takes", String.valueOf(d.rateLimit()), t -> {
                    int n = Integer.parseInt(t.strip());
                    if (n < 1) throw new IllegalArgumentException("at least 1 request per second");
                    return n;
                });
        String alerts = ask("Alerts webhook URL", d.alertsUrl(), t -> Choices.url("the alerts URL", t));
        String file = ask("Write to", defaultFile, t -> {
            writable.accept(t);
            return t;
        });
        return new Answers(new Choices(preset, source, destination, url, slo, timeout, attempts, rate, alerts, header, pointer), file);
    }

    /** Asks until {@code parse} takes the answer (Enter: {@code fallback}). */
    private <T> T ask(String question, String fallback, Function<String, T> parse) {
        while (true) {
            out.print(question + " [" + fallback + "]: ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) throw new Ended();
            String answer = line.isBlank() ? fallback : line.strip();
            try {
                return parse.apply(answer);
            } catch (NumberFormatException e) {
                out.println("  ! \"" + answer + "\" is not a whole number");
            } catch (IllegalArgumentException e) {
                out.println("  ! " + e.getMessage());
            }
        }
    }
}
