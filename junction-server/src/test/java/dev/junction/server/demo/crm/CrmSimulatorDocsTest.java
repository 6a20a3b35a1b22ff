package dev.junction.server.demo.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the Java example of docs/crm-simulator.md, verbatim, and checks that the page holds no other. */
class CrmSimulatorDocsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");

    @Test
    void theExampleRunsAndIsThePagesOnlyOne() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/crm-simulator.md"));
        String self = squash(Files.readString(RepoFiles.find("junction-server/src/test/java/dev/junction/server/demo/crm/CrmSimulatorDocsTest.java")));
        Matcher m = JAVA_BLOCK.matcher(page);
        int examples = 0;
        while (m.find()) {
            assertThat(self).as("example %d of docs/crm-simulator.md runs in this test", examples + 1).contains(squash(m.group(1)));
            examples++;
        }
        assertThat(examples).isEqualTo(1);
    }

    @Test
    void theExampleAnnouncesBothChangesSignedWithTheGivenSecret() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("a key of the sync's choosing".getBytes(StandardCharsets.UTF_8));
        try (WebhookInbox inbox = new WebhookInbox(secret, Clock.systemUTC())) {
            String receiverUrl = inbox.url();
            try (CrmSimulator crm = CrmSimulator.builder().name("crm-a").idStyle(IdStyle.SALESFORCE)
                    .token("t0ken").webhookUrl(receiverUrl).webhookSecret(secret).seed(7).start()) {
                crm.habits().rateLimit(10, 5).errors(0.05).createsAnswerLate(1, Duration.ofSeconds(30));
                ObjectNode ann = crm.create(Map.of("email", "ann@example.com", "first_name", "Ann"));
                crm.edit(ann.get("id").asText(), "phone", "+1 555 0100");
                // The sync calls crm.baseUrl() with "Authorization: Bearer t0ken" and verifies the
                // webhooks as standard-webhooks with the same secret (a whsec_ one of its choosing).
                await().atMost(Duration.ofSeconds(10)).until(() -> crm.webhooksDelivered() == 2);
                assertThat(crm.duplicates()).isZero();
            }
            assertThat(inbox.events()).extracting(e -> e.get("type").asText()).containsExactly("contact.created", "contact.updated");
            assertThat(inbox.badSignatures).hasValue(0);
        }
    }

    private static String squash(String code) {
        return code.replaceAll("\\s+", " ").strip();
    }
}
