package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log's hash chain, on the machine's PostgreSQL: one chain from many writers, and every kind of tampering. */
class AuditChainIT {
    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00.123456Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScratchDatabase database;
    private MetadataStore store;

    @BeforeEach
    void openStore() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings("unused"));
    }

    @AfterEach
    void closeStore() {
        store.close();
        database.close();
    }

    @Test
    void anEmptyLogVerifies() {
        assertThat(store.audit().verify())
                .isEqualTo(new AuditRepository.Verification(0, 0, AuditRepository.GENESIS, null, null));
    }

    @Test
    void chainsConcurrentInsertsFromSeveralServersIntoOneChain() throws Exception {
        int threads = 6;
        int each = 40;
        try (MetadataStore second = MetadataStore.open(database.settings("unused"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    MetadataStore server = t % 2 == 0 ? store : second;
                    String principal = "server-" + (t % 2) + "-thread-" + t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            server.audit().append(T0.plusSeconds(i), principal, "POST /x", "/x", "allowed", 201, null);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        AuditRepository.Verification verification = store.audit().verify();
        assertThat(verification.problem()).isNull();
        assertThat(verification.rows()).isEqualTo(threads * each);
        assertThat(store.audit().list(1000, 0))
                .extracting(AuditRepository.Entry::id)
                .as("ids follow the chain, one after the other")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * each)
                        .map(i -> threads * each + 1 - i)
                        .boxed()
                        .toList());
    }

    @Test
    void theDatabaseAndJavaHashTheSameCanonicalForm() {
        store.audit().append(T0, "jwt:zoë 🚀", "POST /api/v1/pipelines", "/a\nb:c", "allowed", 201, null, 7);
        store.audit().append(T0, "", "DELETE /x", "", "denied", 403, "127.0.0.1");

        List<AuditRepository.Entry> rows = store.audit().list(10, 0);
        for (AuditRepository.Entry row : rows) {
            assertThat(AuditRepository.hash(row)).as("row %d", row.id()).isEqualTo(row.hash());
        }
        assertThat(rows.get(1).prevHash()).isEqualTo(AuditRepository.GENESIS);
        assertThat(rows.get(0).prevHash()).isEqualTo(rows.get(1).hash());
        assertThat(store.audit().verify().intact()).isTrue();
    }

    @Test
    void reportsExactlyTheRowASuperuserChanged() {
        appendRows(5);
        database.jdbi().useHandle(h -> {
            h.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            h.execute("UPDATE audit_log SET principal = 'mallory' WHERE id = 3");
            h.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
        });
        AuditRepository.Entry changed = row(3);

        AuditRepository.Verification verification = store.audit().verify();

        assertThat(verification.brokenAt()).isEqualTo(3L);
        assertThat(verification.rows()).as("rows that verified before it").isEqualTo(2);
        assertThat(verification.problem())
                .isEqualTo("row 3's fields hash to " + AuditRepository.hash(changed) + ", but the row holds "
                        + changed.hash() + " (the row was changed after it was written)");
    }

    @Test
    void reportsARemovedRowAtTheRowAfterIt() {
        appendRows(5);
        String row3 = row(3).hash();
        String row4 = row(4).hash();
        database.jdbi().useHandle(h -> {
            h.execute("SET session_replication_role = replica");
            h.execute("DELETE FROM audit_log WHERE id = 4");
        });

        AuditRepository.Verification verification = store.audit().verify();

        assertThat(verification.brokenAt()).isEqualTo(5L);
        assertThat(verification.problem())
                .isEqualTo("row 5 names " + row4 + " as the previous row's hash, but row 3's hash is " + row3
                        + " (a row between them was removed, or row 3 was rewritten)");
    }

    @Test
    void reportsRowsRemovedFromTheEnd() {
        appendRows(5);
        database.jdbi().useHandle(h -> {
            h.execute("SET session_replication_role = replica");
            h.execute("DELETE FROM audit_log WHERE id >= 4");
        });

        AuditRepository.Verification verification = store.audit().verify();

        assertThat(verification.brokenAt()).isEqualTo(5L);
        assertThat(verification.problem())
                .isEqualTo("the log ends at row 3, but the chain's head is row 5 (rows at the end were removed)");
    }

    @Test
    void reportsARowRewrittenWithItsHashAtTheNextRow() {
        appendRows(4);
        String original = row(2).hash();
        database.jdbi().useHandle(h -> {
            h.execute("SET session_replication_role = replica");
            h.execute("UPDATE audit_log SET result = 'denied', hash = audit_log_hash(prev_hash, id, at, status,"
                    + " repeats, principal, action, target, 'denied', client) WHERE id = 2");
        });
        String forged = row(2).hash();

        AuditRepository.Verification verification = store.audit().verify();

        assertThat(verification.brokenAt()).isEqualTo(3L);
        assertThat(verification.problem())
                .isEqualTo("row 3 names " + original + " as the previous row's hash, but row 2's hash is " + forged
                        + " (a row between them was removed, or row 2 was rewritten)");
    }

    @Test
    void exportsJsonLinesWithTheirHashesAfterAGivenRow() throws Exception {
        appendRows(3);
        StringWriter first = new StringWriter();
        assertThat(store.audit().export(0, first)).isEqualTo(new AuditRepository.Exported(3, 3));
        List<JsonNode> lines = first.toString().lines().map(AuditChainIT::json).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).toString())
                .isEqualTo("{\"id\":1,\"at\":\"2026-03-01T06:00:00.123456Z\",\"principal\":\"p1\",\"action\":\"POST"
                        + " /x\",\"target\":\"/x/1\",\"result\":\"allowed\",\"status\":201,\"client\":null,"
                        + "\"repeats\":1,\"prev_hash\":\"" + AuditRepository.GENESIS + "\",\"hash\":\"" + row(1).hash()
                        + "\"}");

        appendRows(2);
        StringWriter next = new StringWriter();
        assertThat(store.audit().export(3, next)).isEqualTo(new AuditRepository.Exported(2, 5));
        assertThat(next.toString().lines().map(l -> json(l).get("id").asLong())).containsExactly(4L, 5L);
        assertThat(json(next.toString().lines().findFirst().orElseThrow())
                        .get("prev_hash")
                        .asText())
                .isEqualTo(lines.get(2).get("hash").asText());
        assertThat(store.audit().export(5, new StringWriter())).isEqualTo(new AuditRepository.Exported(0, 0));
    }

    private void appendRows(int count) {
        long before = store.audit().list(1, 0).stream()
                .mapToLong(AuditRepository.Entry::id)
                .max()
                .orElse(0);
        for (long i = before + 1; i <= before + count; i++) {
            store.audit().append(T0, "p" + i, "POST /x", "/x/" + i, "allowed", 201, null);
        }
    }

    private AuditRepository.Entry row(long id) {
        return store.audit().list(1, id + 1).get(0);
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
