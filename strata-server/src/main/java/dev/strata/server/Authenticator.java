package dev.strata.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.strata.core.auth.Role;
import dev.strata.core.config.ServerConfig;
import dev.strata.store.AccessRepository;
import dev.strata.store.Hashes;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a bearer token into a {@link Principal}: an API key (looked up by its hash), the bootstrap admin token, or a
 * JWT verified with nimbus-jose-jwt (HS256 with a shared secret, or RS256 against a JWKS URL; issuer and audience
 * checked when configured). Tokens are never logged or echoed.
 */
final class Authenticator {
    static final String ADMIN_TOKEN_PRINCIPAL = "admin-token";

    /**
     * How long a verified token is trusted without another look at the store. A key revoked (or a role bound) through
     * another server takes up to this long to apply here; through this one, at once.
     */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(5);

    private final AccessRepository access;
    /** Principals by the SHA-256 of their token: the token itself is kept nowhere. */
    private final Cache<String, Principal> verified = Caffeine.newBuilder()
            .expireAfterWrite(TRUSTED_FOR)
            .maximumSize(10_000)
            .build();

    private final byte[] adminToken;
    private final ConfigurableJWTProcessor<SecurityContext> jwtProcessor;
    private final String roleClaim;

    Authenticator(AccessRepository access, ServerSettings settings) {
        this.access = access;
        this.adminToken =
                settings.adminToken() == null ? null : settings.adminToken().getBytes(StandardCharsets.UTF_8);
        this.jwtProcessor = settings.jwt() == null ? null : processor(settings.jwt());
        this.roleClaim = settings.jwt() == null ? null : settings.jwt().roleClaim();
    }

    /** The principal the {@code Authorization} header names, or a 401 that does not say which check failed. */
    Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("no token");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(7).trim();
        String digest = Hashes.sha256(token);
        Principal known = verified.getIfPresent(digest);
        if (known != null) {
            return known;
        }
        Principal principal = verify(token);
        verified.put(digest, principal);
        return principal;
    }

    /** Whether this header's token was verified in the last {@link #TRUSTED_FOR}. */
    boolean verifiedRecently(String authorization) {
        String token = bearer(authorization);
        return token != null && verified.getIfPresent(Hashes.sha256(token)) != null;
    }

    /**
     * Who a refused header claimed to be, for the audit log, never the token itself: {@code jwt:<subject> (unverified)}
     * for a JWT, {@code token:<first 12 hex digits of its SHA-256> (unverified)} for anything else (an API key's hash in
     * the store starts with the same digits), or null for no token.
     */
    static String claimedIdentity(String authorization) {
        String token = bearer(authorization);
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.chars().filter(c -> c == '.').count() == 2) {
            try {
                String subject = com.nimbusds.jwt.JWTParser.parse(token)
                        .getJWTClaimsSet()
                        .getSubject();
                if (subject != null) {
                    String printable = subject.replaceAll("[^A-Za-z0-9@._:+|-]", "?");
                    return "jwt:" + dev.strata.core.error.Messages.abbreviate(printable, 100) + " (unverified)";
                }
            } catch (ParseException | RuntimeException e) {
                // Not a JWT after all: named by its hash below.
            }
        }
        return "token:" + Hashes.sha256(token).substring(0, 12) + " (unverified)";
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** Forgets every verified token, after a key was revoked or a role bound. */
    void forget() {
        verified.invalidateAll();
    }

    private Principal verify(String token) {
        if (adminToken != null && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return new Principal(ADMIN_TOKEN_PRINCIPAL, Role.ADMIN, Map.of());
        }
        if (token.startsWith(AccessRepository.KEY_PREFIX)) {
            return access.authenticate(token)
                    .map(key -> new Principal(key.id(), key.scoped() ? null : key.role(), access.bindings(key.id())))
                    .orElseThrow(() -> ApiException.unauthorized("invalid or revoked token"));
        }
        if (jwtProcessor != null && token.chars().filter(c -> c == '.').count() == 2) {
            return fromJwt(token);
        }
        throw ApiException.unauthorized("invalid or revoked token");
    }

    private Principal fromJwt(String token) {
        JWTClaimsSet claims;
        try {
            claims = jwtProcessor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw ApiException.unauthorized("invalid token");
        }
        String subject = claims.getSubject();
        String id = "jwt:" + subject;
        Role role = Optional.ofNullable(claimText(claims, roleClaim))
                .flatMap(Role::parse)
                .orElse(null);
        Map<String, Role> bindings = access.bindings(id);
        if (role == null && bindings.isEmpty()) {
            throw ApiException.forbidden("the token's subject holds no role (claim '" + roleClaim + "')");
        }
        return new Principal(id, role, bindings);
    }

    private static String claimText(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static ConfigurableJWTProcessor<SecurityContext> processor(ServerSettings.JwtSettings jwt) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        if (jwt.hmacSecret() != null) {
            // One shared secret: a token's key id, if it has one, names nothing to choose between.
            processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(
                    JWSAlgorithm.HS256,
                    new SecretKeySpec(jwt.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        } else {
            try {
                JWKSource<SecurityContext> keys = JWKSourceBuilder.create(
                                URI.create(jwt.jwksUrl()).toURL())
                        .build();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new dev.strata.core.error.StrataException(
                        dev.strata.core.error.ErrorCode.INVALID_SPEC,
                        ServerConfig.JWT_JWKS_URL.name() + "=" + jwt.jwksUrl()
                                + " is not a URL (set the https URL of the JWKS)");
            }
        }
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (jwt.issuer() != null) {
            exact.issuer(jwt.issuer());
        }
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(jwt.audience(), exact.build(), required));
        return processor;
    }
}
