package dev.strata.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault plugin against a real HTTP server on 127.0.0.1 that answers Vault transit's encrypt and decrypt endpoints
 * with the documented request and response shapes ({@code POST /v1/MOUNT/encrypt/KEY} {@code {"plaintext"}} →
 * {@code {"data":{"ciphertext":"vault:v1:…"}}}, decrypt the other way, {@code X-Vault-Token}, {@code {"errors":[…]}}
 * on failure). No Vault or OpenBao server can be installed here; the server below encrypts for real (AES-GCM) so a
 * wrong answer fails the keyset's decryption.
 */
class VaultKeyProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hvs.test-token-canary";

    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] transitKey = new byte[32];
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> plaintextSizes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startTransit() throws IOException {
        new SecureRandom().nextBytes(transitKey);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> env(String token) {
        return Map.of("VAULT_ADDR", "http://127.0.0.1:" + server.getAddress().getPort(), "VAULT_TOKEN", token);
    }

    @Test
    void keysetsAreEncryptedThroughTransitAndDecryptAgain() {
        KeyStore store = new KeyStore(dir, env(TOKEN));
        store.create("pii", "vault", "vault:transit/strata", List.of());
        String value = store.open("pii").encrypter(true).encrypt("alice", "a.b.c");

        store.rotate("pii");

        assertThat(store.open("pii").decrypter(true).encrypt("alice", "a.b.c")).isNotEqualTo(value);
        assertThat(requests)
                .as("create: 2 encrypts; open: 2 decrypts; rotate: 2 decrypts, 2 encrypts; open: 2 decrypts")
                .containsExactly(
                        "/v1/transit/encrypt/strata",
                        "/v1/transit/encrypt/strata",
                        "/v1/transit/decrypt/strata",
                        "/v1/transit/decrypt/strata",
                        "/v1/transit/decrypt/strata",
                        "/v1/transit/decrypt/strata",
                        "/v1/transit/encrypt/strata",
                        "/v1/transit/encrypt/strata",
                        "/v1/transit/decrypt/strata",
                        "/v1/transit/decrypt/strata");
        assertThat(plaintextSizes)
                .as("Vault sees only small data keys, never a keyset")
                .allMatch(n -> n < 64);
    }

    @Test
    void aRefusedTokenFailsWithVaultsErrorAndNeverShowsTheToken() {
        new KeyStore(dir, env(TOKEN)).create("pii", "vault", "vault:transit/strata", List.of());
        KeyStore wrong = new KeyStore(dir, env("hvs.wrong-token"));

        assertThatThrownBy(() -> wrong.open("pii"))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining("Cannot open key 'pii' under key-encryption key vault:transit/strata: Cannot"
                        + " decrypt with Vault key transit/strata: Vault answered 403 permission denied (check"
                        + " VAULT_TOKEN and that its policy allows update on transit/decrypt/strata)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hvs."));
    }

    @Test
    void anUnknownTransitKeyFailsWithTheFix() {
        assertThatThrownBy(() -> new KeyStore(dir, env(TOKEN)).create("pii", "vault", "vault:transit/nope", List.of()))
                .hasMessageContaining("Vault answered 400 encryption key not found (check that transit is mounted"
                        + " at transit/ and that key nope exists)");
    }

    @Test
    void settingsAreCheckedBeforeAnyRequest() {
        assertThatThrownBy(() -> new KeyStore(dir, Map.of("VAULT_TOKEN", TOKEN))
                        .create("pii", "vault", "vault:transit/strata", List.of()))
                .hasMessage("Cannot reach Vault for key-encryption key vault:transit/strata: VAULT_ADDR is not set"
                        + " (export VAULT_ADDR=https://vault.example.com:8200)");
        assertThatThrownBy(() -> new KeyStore(dir, Map.of("VAULT_ADDR", "http://127.0.0.1:1"))
                        .create("pii", "vault", "vault:transit/strata", List.of()))
                .hasMessage("Cannot reach Vault for key-encryption key vault:transit/strata: VAULT_TOKEN is not set"
                        + " (export a token whose policy allows update on transit/encrypt/strata and"
                        + " transit/decrypt/strata)");
        assertThatThrownBy(() -> new KeyStore(dir, env(TOKEN)).create("pii", "vault", "vault:strata", List.of()))
                .hasMessage("Cannot use key-encryption key 'vault:strata' with KMS vault: expected vault:MOUNT/KEY"
                        + " (e.g. vault:transit/strata for the key strata of the transit engine mounted at"
                        + " transit/)");
        assertThatThrownBy(() -> new KeyStore(dir, env(TOKEN)).create("pii", "vault", null, List.of()))
                .hasMessage("Cannot create a key in KMS 'vault': it has no default key-encryption key (pass"
                        + " --kek-uri vault:transit/strata)");
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnreachableVaultFailsWithTheAddress() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        KeyStore store = new KeyStore(dir, Map.of("VAULT_ADDR", "http://127.0.0.1:" + port, "VAULT_TOKEN", TOKEN));
        assertThatThrownBy(() -> store.create("pii", "vault", "vault:transit/strata", List.of()))
                .hasMessageContaining("Cannot encrypt with Vault key transit/strata at http://127.0.0.1:" + port
                        + "/: ConnectException")
                .hasMessageContaining("(check VAULT_ADDR and the network)");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"errors\":[\"method not allowed\"]}");
                return;
            }
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
                reply(exchange, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!path.endsWith("/strata")) {
                reply(exchange, 400, "{\"errors\":[\"encryption key not found\"]}");
                return;
            }
            if (path.equals("/v1/transit/encrypt/strata")) {
                byte[] plaintext =
                        Base64.getDecoder().decode(body.path("plaintext").asText());
                plaintextSizes.add(plaintext.length);
                reply(
                        exchange,
                        200,
                        "{\"data\":{\"ciphertext\":\"vault:v1:" + seal(plaintext) + "\",\"key_version\":1}}");
            } else if (path.equals("/v1/transit/decrypt/strata")) {
                String ciphertext = body.path("ciphertext").asText();
                byte[] plaintext = open(ciphertext.substring("vault:v1:".length()));
                reply(
                        exchange,
                        200,
                        "{\"data\":{\"plaintext\":\"" + Base64.getEncoder().encodeToString(plaintext) + "\"}}");
            } else {
                reply(exchange, 404, "{\"errors\":[]}");
            }
        } catch (Exception e) {
            reply(exchange, 400, "{\"errors\":[\"invalid ciphertext\"]}");
        }
    }

    private String seal(byte[] plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(transitKey, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext);
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(12 + sealed.length)
                        .put(iv)
                        .put(sealed)
                        .array());
    }

    private byte[] open(String text) throws Exception {
        byte[] all = Base64.getDecoder().decode(text);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(transitKey, "AES"),
                new GCMParameterSpec(128, java.util.Arrays.copyOfRange(all, 0, 12)));
        return cipher.doFinal(all, 12, all.length - 12);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
