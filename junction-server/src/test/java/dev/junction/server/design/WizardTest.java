package dev.junction.server.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The wizard's questions, answered line by line: each wrong answer is refused at its own question, with the flags' rules. */
class WizardTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Wizard.Answers answer(String... lines) {
        BufferedReader in = new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
        return new Wizard(in, new PrintStream(printed, true, StandardCharsets.UTF_8)).run("junction.yaml", file -> { });
    }

    @Test
    void aBadNameOrUrlIsAskedAgainAtItsQuestionAndNoAnswerIsLost() {
        // Before: "Bad Name" and "x: y" were taken, and the whole wizard failed after its last question, writing nothing.
        Wizard.Answers answers = answer("generic",
                "Bad Name", "crm",
                "X Sig", "X-Crm-Signature", "",
                "crm", "App!", "billing",
                "x: y", "ftp://files.example.com/in", "https://billing.example.com/hooks",
                "0s", "30s", "5s", "5", "0", "20",
                "not a url", "", "");
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("! the source's name must match [a-z0-9][a-z0-9_-]*, was \"Bad Name\"",
                "! the signature header must be a header name (letters, digits and - such as X-Signature), was \"X Sig\"",
                "! the destination needs a name other than the source's (both were \"crm\")",
                "! the destination's name must match [a-z0-9][a-z0-9_-]*, was \"App!\"",
                "! the destination's URL \"x: y\" is not a URL",
                "! the destination's URL \"ftp://files.example.com/in\" must be an http or https URL with a host",
                "! slo must be more than zero, was 0s",
                "! at least 1 request per second",
                "! the alerts URL \"not a url\" is not a URL");
        Choices c = answers.choices();
        assertThat(c.source()).isEqualTo("crm");
        assertThat(c.signatureHeader()).isEqualTo("X-Crm-Signature");
        assertThat(c.destination()).isEqualTo("billing");
        assertThat(c.url()).isEqualTo("https://billing.example.com/hooks");
        assertThat(c.slo()).hasSeconds(30);
        assertThat(c.rateLimit()).isEqualTo(20);
        assertThat(c.alertsUrl()).isEqualTo(Choices.DEFAULT_ALERTS_URL);
        assertThat(answers.file()).isEqualTo("junction.yaml");
    }
}
