package dev.strata.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The audit log: every mutating call, allowed or refused. Rows are only ever appended (a trigger enforces it), and
 * form a hash chain: each row holds the hash of the row before it ({@code prev_hash}) and its own ({@code hash}), set by
 * the database as the row is inserted. {@link #verify()} walks the chain; docs/security.md gives its canonical form.
 */
public final class AuditRepository {
    /**
     * One audited call. {@code target} is what it acted on; {@code result} is {@code allowed} or why not; {@code
     * repeats} is how many identical calls the row stands for (refusals of unauthenticated callers are aggregated);
     * {@code prevHash} and {@code hash} are its links in the chain.
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
            int repeats,
            String prevHash,
            String hash) {}

    /**
     * What {@link #verify()} found: {@code rows} rows checked up to row {@code lastId}, whose hash is {@code lastHash};
     * and, when the chain is broken, the first row where it is ({@code brokenAt}) and what was expected there.
     */
    public record Verification(long rows, long lastId, String lastHash, Long brokenAt, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    /** What {@link #export} wrote: {@code rows} rows, the last of them {@code lastId} (0 when none). */
    public record Exported(long rows, long lastId) {}

    /** The previous hash of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private static final String FORM_VERSION = "strata-audit-v1";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

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
                .map((rs, ctx) -> entry(rs))
                .list());
    }

    /** The row {@code id}, if there is one. */
    public Optional<Entry> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM audit_log WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> entry(rs))
                .findOne());
    }

    /**
     * Walks the whole chain, oldest row first, in one snapshot: each row must name the previous row's hash, its fields
     * must hash to its own, and the last row must be the chain's head. Stops at the first row that fails.
     */
    public Verification verify() {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            Optional<Head> head = handle.createQuery("SELECT last_id, last_hash FROM audit_chain_head")
                    .map((rs, ctx) -> new Head(rs.getObject("last_id", Long.class), rs.getString("last_hash")))
                    .findOne();
            Walk walk = new Walk();
            rows(handle, 0).useIterator(rows -> {
                while (rows.hasNext() && walk.problem == null) {
                    walk.check(rows.next());
                }
            });
            if (walk.problem != null) {
                return new Verification(walk.rows, walk.lastId, walk.lastHash, walk.brokenAt, walk.problem);
            }
            if (head.isEmpty()) {
                return new Verification(
                        walk.rows,
                        walk.lastId,
                        walk.lastHash,
                        walk.lastId,
                        "the chain's head (table audit_chain_head) is missing, so rows at the end may have been"
                                + " removed");
            }
            long headId = head.get().lastId() == null ? 0 : head.get().lastId();
            String headHash = head.get().lastHash();
            if (headId != walk.lastId || !headHash.equals(walk.lastHash)) {
                String problem = headId > walk.lastId
                        ? (walk.rows == 0 ? "the log is empty" : "the log ends at row " + walk.lastId)
                                + ", but the chain's head is row " + headId + " (rows at the end were removed)"
                        : headId < walk.lastId
                                ? "row " + walk.lastId + " is past the chain's head, row " + headId
                                        + " (rows were added without the chain's trigger)"
                                : "the chain's head holds the hash " + headHash + " for row " + headId
                                        + ", but the row's hash is " + walk.lastHash + " (the row was replaced)";
                return new Verification(walk.rows, walk.lastId, walk.lastHash, Math.max(headId, walk.lastId), problem);
            }
            return new Verification(walk.rows, walk.lastId, walk.lastHash, null, null);
        });
    }

    /** The chain's last link, as the database keeps it. */
    private record Head(Long lastId, String lastHash) {}

    /** The chain as it is walked: the last row seen and the first problem found. */
    private static final class Walk {
        long rows;
        long lastId;
        String lastHash = GENESIS;
        Long brokenAt;
        String problem;

        void check(Entry row) {
            if (!row.prevHash().equals(lastHash)) {
                brokenAt = row.id();
                problem = rows == 0
                        ? "row " + row.id() + " names " + row.prevHash() + " as the previous row's hash, but it is the"
                                + " first row, whose previous hash is " + GENESIS + " (rows before it were removed)"
                        : "row " + row.id() + " names " + row.prevHash() + " as the previous row's hash, but row "
                                + lastId + "'s hash is " + lastHash + " (a row between them was removed, or row "
                                + lastId + " was rewritten)";
                return;
            }
            String expected = hash(row);
            if (!expected.equals(row.hash())) {
                brokenAt = row.id();
                problem = "row " + row.id() + "'s fields hash to " + expected + ", but the row holds " + row.hash()
                        + " (the row was changed after it was written)";
                return;
            }
            rows++;
            lastId = row.id();
            lastHash = row.hash();
        }
    }

    /**
     * Writes the rows after row {@code afterId}, oldest first, to {@code out} as JSON lines with their hashes, for
     * keeping off this host: {@code {"id":…,"at":"…Z","principal":…,"action":…,"target":…,"result":…,"status":…,
     * "client":…,"repeats":…,"prev_hash":…,"hash":…}}.
     */
    public Exported export(long afterId, Writer out) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            long[] written = {0, 0};
            rows(handle, afterId).useIterator(rows -> write(rows, out, written));
            return new Exported(written[0], written[1]);
        });
    }

    private static void write(Iterator<Entry> rows, Writer out, long[] written) {
        try {
            while (rows.hasNext()) {
                Entry row = rows.next();
                out.write(jsonLine(row));
                out.write('\n');
                written[0]++;
                written[1] = row.id();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row as {@link #export} writes it, without the line's end. */
    public static String jsonLine(Entry row) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", row.id());
        line.put("at", AT.format(row.at()));
        line.put("principal", row.principal());
        line.put("action", row.action());
        line.put("target", row.target());
        line.put("result", row.result());
        line.put("status", row.status());
        line.put("client", row.client());
        line.put("repeats", row.repeats());
        line.put("prev_hash", row.prevHash());
        line.put("hash", row.hash());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an audit row as JSON", e);
        }
    }

    /** The rows after {@code afterId}, oldest first, fetched a thousand at a time (the handle is in a transaction). */
    private static ResultIterable<Entry> rows(Handle handle, long afterId) {
        return handle.createQuery("SELECT * FROM audit_log WHERE id > :after ORDER BY id")
                .bind("after", afterId)
                .setFetchSize(1000)
                .map((rs, ctx) -> entry(rs));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("principal"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("result"),
                rs.getInt("status"),
                rs.getString("client"),
                rs.getInt("repeats"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    /**
     * The hash a row should hold: SHA-256, as lowercase hex, of its canonical form, the lines {@code strata-audit-v1},
     * the previous hash, the id, the time in UTC ({@code 2026-03-01T06:00:00.000000Z}), the status and the repeats,
     * then principal, action, target, result and client, each as {@code -} when null or else its length in UTF-8
     * bytes, {@code :} and the text. The database computes the same when the row is inserted.
     */
    public static String hash(Entry row) {
        return Hashes.sha256(String.join(
                "\n",
                FORM_VERSION,
                row.prevHash(),
                Long.toString(row.id()),
                AT.format(row.at()),
                Integer.toString(row.status()),
                Integer.toString(row.repeats()),
                field(row.principal()),
                field(row.action()),
                field(row.target()),
                field(row.result()),
                field(row.client())));
    }

    private static String field(String value) {
        return value == null ? "-" : value.getBytes(StandardCharsets.UTF_8).length + ":" + value;
    }
}
