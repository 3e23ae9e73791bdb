package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Role;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys and per-pipeline role bindings. A key is 32 random bytes, shown once when it is created; the store keeps its
 * SHA-256 only, which is enough for a random secret of that length (no dictionary can guess it).
 */
public final class AccessRepository {
    /** The prefix of every key, so a leaked one is easy to recognise and scan for. */
    public static final String KEY_PREFIX = "stk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as the store holds it (never the key itself). */
    public record ApiKey(
            String id,
            String name,
            Role role,
            boolean scoped,
            Instant createdAt,
            String createdBy,
            Instant revokedAt) {}

    /** A newly created key: {@code secret} is shown to its creator once, and kept nowhere. */
    public record CreatedKey(ApiKey key, String secret) {}

    private final Jdbi jdbi;

    AccessRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Creates a key. With {@code pipelines}, the key is scoped: it holds {@code role} on those pipelines only, and sees
     * no other.
     */
    public CreatedKey createKey(String name, Role role, List<String> pipelines, String by, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String id = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        boolean scoped = !pipelines.isEmpty();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO api_keys (id, name, role, key_hash, scoped, created_at, created_by)
                            VALUES (:id, :name, :role, :hash, :scoped, :at, :by)""")
                    .bind("id", id)
                    .bind("name", name)
                    .bind("role", role.label())
                    .bind("hash", Hashes.sha256(secret))
                    .bind("scoped", scoped)
                    .bind("at", RunRepository.utc(now))
                    .bind("by", by)
                    .execute();
            for (String pipeline : pipelines) {
                bind(handle, id, pipeline, role, by, now);
            }
        });
        return new CreatedKey(new ApiKey(id, name, role, scoped, now, by, null), secret);
    }

    /** The live key whose secret this is. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT * FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                        .bind("hash", Hashes.sha256(secret))
                        .map((rs, ctx) -> key(rs))
                        .findOne());
    }

    public List<ApiKey> keys() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_keys ORDER BY created_at, id")
                .map((rs, ctx) -> key(rs))
                .list());
    }

    /** Revokes a key; false when there is no live key of that id. */
    public boolean revoke(String id, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                        .bind("id", id)
                        .bind("at", RunRepository.utc(now))
                        .execute())
                > 0;
    }

    /** Grants {@code principal} {@code role} on one pipeline, replacing what it had there. */
    public void bind(String principal, String pipeline, Role role, String by, Instant now) {
        jdbi.useHandle(handle -> bind(handle, principal, pipeline, role, by, now));
    }

    private static void bind(
            org.jdbi.v3.core.Handle handle, String principal, String pipeline, Role role, String by, Instant now) {
        handle.createUpdate("""
                        INSERT INTO role_bindings (principal, pipeline, role, created_at, created_by)
                        VALUES (:principal, :pipeline, :role, :at, :by)
                        ON CONFLICT (principal, pipeline) DO UPDATE SET role = EXCLUDED.role,
                            created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by""")
                .bind("principal", principal)
                .bind("pipeline", pipeline)
                .bind("role", role.label())
                .bind("at", RunRepository.utc(now))
                .bind("by", by)
                .execute();
    }

    /** The roles {@code principal} holds per pipeline. */
    public Map<String, Role> bindings(String principal) {
        return jdbi
                .withHandle(handle -> handle.createQuery(
                                "SELECT pipeline, role FROM role_bindings WHERE principal = :principal")
                        .bind("principal", principal)
                        .map((rs, ctx) -> Map.entry(
                                rs.getString("pipeline"),
                                Role.parse(rs.getString("role")).orElseThrow()))
                        .list())
                .stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static ApiKey key(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        return new ApiKey(
                rs.getString("id"),
                rs.getString("name"),
                Role.parse(rs.getString("role")).orElseThrow(),
                rs.getBoolean("scoped"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"),
                revoked == null ? null : revoked.toInstant());
    }
}
