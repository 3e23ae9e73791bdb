package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The audit log: every mutating call, allowed or refused. Rows are only ever appended (a trigger enforces it). */
public final class AuditRepository {
    /**
     * One audited call. {@code target} is what it acted on; {@code result} is {@code allowed} or why not; {@code
     * repeats} is how many identical calls the row stands for (refusals of unauthenticated callers are aggregated).
     */
    public record Entry(
            long id,
            Instant at,
            String principal,
            String action,
            String target,
            String result,
            int status,
            String client,
            int repeats) {}

    private final Jdbi jdbi;

    AuditRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void append(
            Instant at, String principal, String action, String target, String result, int status, String client) {
        append(at, principal, action, target, result, status, client, 1);
    }

    /** Appends one row standing for {@code repeats} identical calls, the last at {@code at}. */
    public void append(
            Instant at,
            String principal,
            String action,
            String target,
            String result,
            int status,
            String client,
            int repeats) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO audit_log (at, principal, action, target, result, status, client, repeats)
                        VALUES (:at, :principal, :action, :target, :result, :status, :client, :repeats)""")
                .bind("at", RunRepository.utc(at))
                .bind("principal", principal)
                .bind("action", action)
                .bind("target", target)
                .bind("result", result)
                .bind("status", status)
                .bind("client", client)
                .bind("repeats", repeats)
                .execute());
    }

    /** Entries newest first, before the entry {@code beforeId} when it is positive. */
    public List<Entry> list(int limit, long beforeId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM audit_log WHERE (:before <= 0 OR id < :before)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("before", beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(
                        rs.getLong("id"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("principal"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("result"),
                        rs.getInt("status"),
                        rs.getString("client"),
                        rs.getInt("repeats")))
                .list());
    }
}
