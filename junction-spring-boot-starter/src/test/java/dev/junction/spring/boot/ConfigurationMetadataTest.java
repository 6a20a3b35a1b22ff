package dev.junction.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starter ships Spring Boot's configuration metadata, so an IDE completes and explains every
 * {@code junction.client.*} property. JDK 23 and newer run no annotation processor from the class path unless the
 * build asks ({@code <proc>full</proc>} in the starter's pom); without it the file is missing and this fails.
 */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyGroupIsDescribed() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json in the starter").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("junction.client.http.deadline", "junction.client.idempotency.ttl", "junction.client.outbox.batch-size",
                "junction.client.housekeeping.enabled", "junction.client.housekeeping.outbox-sent-retention");
        metadata.get("properties").forEach(p -> assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank());
    }
}
