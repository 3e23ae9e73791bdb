package dev.strata.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.secret.Secrets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunJsonTest {
    /** A record as run records hold them: strings in fields, lists and maps. */
    record Outcome(String message, List<String> notes, Map<String, String> details, String empty) {}

    @Test
    void writesEveryStringWithSecretValuesMasked() throws Exception {
        String secret = "canary-" + UUID.randomUUID();
        Secrets.remember(secret);

        String json = RunJson.mapper()
                .writeValueAsString(
                        new Outcome("Cannot connect with " + secret, List.of(secret), Map.of("password", secret), ""));

        assertThat(json)
                .doesNotContain(secret)
                .contains("\"message\" : \"Cannot connect with ***\"")
                .contains("\"notes\" : [ \"***\" ]")
                .contains("\"password\" : \"***\"")
                .contains("\"empty\" : \"\"");
    }
}
