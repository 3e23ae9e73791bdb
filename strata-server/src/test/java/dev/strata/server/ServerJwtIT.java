package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT bearer tokens: HS256 with a shared secret, and RS256 against a JWKS served over HTTP; issuer and audience. */
class ServerJwtIT {
    private static final String SECRET = "jwt-canary-0123456789abcdef0123456789abcdef";
    private static final String ISSUER = "https://idp.example.test";
    private static final String AUDIENCE = "strata";

    @TempDir
    static Path hmacRoot;

    @TempDir
    static Path rsaRoot;

    static TestServer hmac;
    static TestServer rsa;
    static HttpServer jwks;
    static RSAKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        hmac = TestServer.start(
                hmacRoot,
                Map.of("STRATA_JWT_SECRET", SECRET, "STRATA_JWT_ISSUER", ISSUER, "STRATA_JWT_AUDIENCE", AUDIENCE));
        hmac.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("orders"));
        hmac.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("payroll"));

        signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] keySet = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        jwks.start();
        rsa = TestServer.start(
                rsaRoot,
                Map.of(
                        "STRATA_JWT_JWKS_URL",
                        "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                        "STRATA_JWT_ISSUER",
                        ISSUER));
    }

    @AfterAll
    static void stop() {
        hmac.close();
        rsa.close();
        jwks.stop(0);
    }

    @Test
    void aValidHs256TokenCarriesItsRole() throws Exception {
        String editor = hs256(claims -> claims.claim("role", "editor"));
        assertThat(hmac.postYaml("/api/v1/pipelines", editor, pipelineYaml("jwt_made"))
                        .statusCode())
                .isEqualTo(201);
        String viewer = hs256(claims -> claims.claim("role", "viewer"));
        assertThat(hmac.get("/api/v1/pipelines", viewer).statusCode()).isEqualTo(200);
        assertThat(hmac.postYaml("/api/v1/pipelines", viewer, pipelineYaml("viewer_made"))
                        .statusCode())
                .isEqualTo(403);
        String audit = hmac.get("/api/v1/audit?limit=500", ADMIN_TOKEN).body();
        assertThat(audit).contains("jwt:alice").doesNotContain(editor).doesNotContain(SECRET);
    }

    @Test
    void theConsoleSignsInWithAJwtAndRefusesAnExpiredOne() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String viewer = hs256(claims -> claims.claim("role", "viewer"));
        HttpResponse<String> signedIn = http.send(signIn(viewer), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hmac.port + "/console"))
                        .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body())
                .contains("jwt:alice <span class=\"role\">viewer</span>")
                .contains("data-pipeline=\"orders\"");

        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = hs256(c -> c.claim("role", "viewer").expirationTime(Date.from(past)));
        assertThat(http.send(signIn(expired), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
    }

    private static HttpRequest signIn(String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hmac.port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                .build();
    }

    @Test
    void tokensThatFailAnyCheckAreRefused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertThat(hmac.get(
                                "/api/v1/pipelines",
                                hs256(c -> c.claim("role", "admin").audience("other")))
                        .statusCode())
                .as("wrong audience")
                .isEqualTo(401);
        assertThat(hmac.get(
                                "/api/v1/pipelines",
                                hs256(c -> c.claim("role", "admin").issuer("https://evil.test")))
                        .statusCode())
                .as("wrong issuer")
                .isEqualTo(401);
        assertThat(hmac.get(
                                "/api/v1/pipelines",
                                hs256(c -> c.claim("role", "admin").expirationTime(Date.from(past))))
                        .statusCode())
                .as("expired")
                .isEqualTo(401);
        String forged = sign(
                new MACSigner("another-secret-0123456789abcdef0123456789"),
                JWSAlgorithm.HS256,
                c -> c.claim("role", "admin"));
        assertThat(hmac.get("/api/v1/pipelines", forged).statusCode())
                .as("another key")
                .isEqualTo(401);
        String rsaOnHmac = rs256(c -> c.claim("role", "admin"));
        assertThat(hmac.get("/api/v1/pipelines", rsaOnHmac).statusCode())
                .as("RS256 where HS256 is set")
                .isEqualTo(401);
        assertThat(hmac.get("/api/v1/pipelines", hs256(c -> {})).statusCode())
                .as("a valid token without a role")
                .isEqualTo(403);
    }

    @Test
    void aRoleBoundToOnePipelineShowsThatPipelineOnly() throws Exception {
        String bob = hs256(c -> c.subject("bob"));
        assertThat(hmac.call(
                                "PUT",
                                "/api/v1/role-bindings",
                                ADMIN_TOKEN,
                                "application/json",
                                "{\"principal\": \"jwt:bob\", \"pipeline\": \"orders\", \"role\": \"operator\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(hmac.get("/api/v1/pipelines/orders", bob).statusCode()).isEqualTo(200);
        assertThat(hmac.get("/api/v1/pipelines/payroll", bob).statusCode()).isEqualTo(404);
        assertThat(json(hmac.get("/api/v1/pipelines", bob))).hasSize(1);
        assertThat(hmac.postJson("/api/v1/pipelines/orders/runs", bob, "{}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void anRs256TokenIsCheckedAgainstTheJwks() throws Exception {
        assertThat(rsa.get("/api/v1/pipelines", rs256(c -> c.claim("role", "viewer")))
                        .statusCode())
                .isEqualTo(200);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
        String forged = sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, c -> c.claim("role", "viewer"));
        assertThat(rsa.get("/api/v1/pipelines", forged).statusCode())
                .as("a key not in the JWKS")
                .isEqualTo(401);
    }

    private static String hs256(Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);
    }

    private static String rs256(Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        return sign(new RSASSASigner(signingKey), JWSAlgorithm.RS256, claims);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> claims)
            throws JOSEException {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))));
        claims.accept(builder);
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID("test-key").build(), builder.build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
