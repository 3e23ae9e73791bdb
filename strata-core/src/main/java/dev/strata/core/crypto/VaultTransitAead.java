package dev.strata.core.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Vault transit's {@code encrypt} and {@code decrypt} endpoints as an Aead: {@code POST /v1/MOUNT/encrypt/KEY} with
 * {@code {"plaintext": base64}} answers {@code {"data": {"ciphertext": "vault:v1:…"}}}, and {@code decrypt} the other
 * way round. Non-empty associated data goes as {@code context}, which Vault accepts for keys made with {@code
 * derived=true} only; {@link VaultKeyProvider} wraps this in an envelope that sends none. The token is sent in {@code
 * X-Vault-Token} and appears in no message.
 */
final class VaultTransitAead implements Aead {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String mount;
    private final String key;
    private final String token;
    private final String namespace;
    private final HttpClient http;

    VaultTransitAead(URI base, String mount, String key, String token, String namespace) {
        this.base = base;
        this.mount = mount;
        this.key = key;
        this.token = token;
        this.namespace = namespace;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        ObjectNode body = JSON.createObjectNode();
        body.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        context(body, associatedData);
        JsonNode data = call("encrypt", body);
        JsonNode ciphertext = data.path("ciphertext");
        if (!ciphertext.isTextual() || !ciphertext.asText().startsWith("vault:")) {
            throw new GeneralSecurityException(
                    "Cannot encrypt with Vault key " + mount + "/" + key + ": the answer has no data.ciphertext");
        }
        return ciphertext.asText().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        ObjectNode body = JSON.createObjectNode();
        body.put("ciphertext", new String(ciphertext, StandardCharsets.UTF_8));
        context(body, associatedData);
        JsonNode plaintext = call("decrypt", body).path("plaintext");
        if (!plaintext.isTextual()) {
            throw new GeneralSecurityException(
                    "Cannot decrypt with Vault key " + mount + "/" + key + ": the answer has no data.plaintext");
        }
        try {
            return Base64.getDecoder().decode(plaintext.asText());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(
                    "Cannot decrypt with Vault key " + mount + "/" + key + ": data.plaintext is not base64");
        }
    }

    private static void context(ObjectNode body, byte[] associatedData) {
        if (associatedData != null && associatedData.length > 0) {
            body.put("context", Base64.getEncoder().encodeToString(associatedData));
        }
    }

    private JsonNode call(String operation, ObjectNode body) throws GeneralSecurityException {
        URI uri = base.resolve("v1/" + mount + "/" + operation + "/" + key);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("X-Vault-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (namespace != null) {
            request.header("X-Vault-Namespace", namespace);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GeneralSecurityException("Cannot " + operation + " with Vault key " + mount + "/" + key + " at "
                    + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + " (check VAULT_ADDR and the network)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeneralSecurityException("Interrupted while calling Vault");
        }
        JsonNode answer;
        try {
            answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            List<String> errors = new ArrayList<>();
            answer.path("errors").forEach(error -> errors.add(error.asText()));
            String hint = response.statusCode() == 403
                    ? "check VAULT_TOKEN and that its policy allows update on " + mount + "/" + operation + "/" + key
                    : response.statusCode() == 404 || response.statusCode() == 400
                            ? "check that transit is mounted at " + mount + "/ and that key " + key + " exists"
                            : "see Vault's log";
            throw new GeneralSecurityException("Cannot " + operation + " with Vault key " + mount + "/" + key
                    + ": Vault answered " + response.statusCode()
                    + (errors.isEmpty() ? "" : " " + String.join("; ", errors)) + " (" + hint + ")");
        }
        return answer.path("data");
    }
}
