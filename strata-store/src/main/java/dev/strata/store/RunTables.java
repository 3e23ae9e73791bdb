package dev.strata.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.access.DataAccess;
import dev.strata.core.auth.Role;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.TableFacts;
import dev.strata.core.spec.DatasetName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What the console's dataset page shows from the store alone ({@code run_tables}, {@code run_quarantine_samples}): a
 * dataset's table as each run that committed to it left it, and a sample of the rows each run quarantined, masked per
 * role. Runs record them through {@link MetadataRunStore}; a run given a token by its server records through {@code
 * record_run_table} and {@code record_run_quarantine_sample}, for its own running run only.
 */
public final class RunTables {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<TableFacts.Column>> COLUMNS = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};

    /** A table's facts as run {@code runId} recorded them at {@code recordedAt}. */
    public record StoredTable(String runId, TableFacts facts, Instant recordedAt) {}

    /**
     * The rows run {@code runId} quarantined for a dataset, as {@code role} sees them ({@code default} when the role
     * asked for has no sample of its own), capped as {@link QuarantineSample#forStore()} says; {@code
     * sample.totalRows()} is how many rows the run quarantined in all.
     */
    public record StoredSample(String runId, String role, QuarantineSample sample, Instant recordedAt) {}

    private final Jdbi jdbi;
    /** The token the server gave the run this process runs, if it was given one. */
    private final String runToken;

    RunTables(Jdbi jdbi, String runToken) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.runToken = runToken;
    }

    /**
     * Records a table's facts for run {@code runId} (replacing what the run recorded before for the dataset). With a
     * run token, only for the running run the token was issued for, under that run's pipeline: false otherwise.
     */
    public boolean record(String runId, TableFacts facts) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("run", runId);
        fields.put("dataset", facts.dataset());
        fields.put("format", facts.format());
        fields.put("location", facts.location());
        fields.put("version", facts.version());
        fields.put("columns", json(facts.columns()));
        if (runToken != null) {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT record_run_table(:run, :token, :dataset, :format, :location, :version,
                                :columns)""")
                    .bindMap(fields)
                    .bind("token", runToken)
                    .mapTo(Boolean.class)
                    .one());
        }
        return jdbi.withHandle(handle -> handle.createUpdate("""
                                INSERT INTO run_tables (run_id, pipeline, dataset, format, location, version, columns)
                                VALUES (:run, :pipeline, :dataset, :format, :location, :version,
                                    CAST(:columns AS jsonb))
                                ON CONFLICT (run_id, dataset) DO UPDATE SET pipeline = EXCLUDED.pipeline,
                                    format = EXCLUDED.format, location = EXCLUDED.location, version = EXCLUDED.version,
                                    columns = EXCLUDED.columns, recorded_at = now()""")
                        .bindMap(fields)
                        .bind("pipeline", facts.pipeline())
                        .execute()
                > 0);
    }

    /**
     * Records {@link QuarantineSample#forStore()} of {@code sample} as run {@code runId}'s quarantined rows of {@code
     * dataset} seen by {@code role} (a server role's label, or {@code default}). With a run token, only for the running
     * run the token was issued for: false otherwise.
     */
    public boolean recordSample(String runId, String dataset, String role, QuarantineSample sample) {
        QuarantineSample stored = sample.forStore();
        String sql = runToken != null
                ? "SELECT record_run_quarantine_sample(:run, :token, :dataset, :role, :columns, :rows, :quarantined)"
                : """
                INSERT INTO run_quarantine_samples (run_id, dataset, role, columns, rows, quarantined)
                VALUES (:run, :dataset, :role, CAST(:columns AS jsonb), CAST(:rows AS jsonb), :quarantined)
                ON CONFLICT (run_id, dataset, role) DO UPDATE SET columns = EXCLUDED.columns, rows = EXCLUDED.rows,
                    quarantined = EXCLUDED.quarantined, recorded_at = now()
                RETURNING TRUE""";
        return jdbi.withHandle(handle -> handle.createQuery(sql)
                .bind("run", runId)
                .bindMap(runToken == null ? java.util.Map.of() : java.util.Map.of("token", runToken))
                .bind("dataset", dataset)
                .bind("role", role)
                .bind("columns", json(stored.columns()))
                .bind("rows", json(stored.rows()))
                .bind("quarantined", stored.totalRows())
                .mapTo(Boolean.class)
                .one());
    }

    /** The facts the latest run that committed to {@code dataset} of {@code pipeline} recorded; empty when none did. */
    public Optional<StoredTable> latest(String pipeline, String dataset) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM run_tables WHERE pipeline = :pipeline AND dataset = :dataset
                        ORDER BY recorded_at DESC, run_id DESC LIMIT 1""")
                .bind("pipeline", pipeline)
                .bind("dataset", dataset)
                .map((rs, ctx) -> table(rs))
                .findOne());
    }

    /** The facts of every table run {@code runId} committed to, by dataset name. */
    public List<StoredTable> ofRun(String runId) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT * FROM run_tables WHERE run_id = :run ORDER BY dataset")
                        .bind("run", runId)
                        .map((rs, ctx) -> table(rs))
                        .list());
    }

    /**
     * The rows run {@code runId} quarantined for {@code dataset} as {@code role} sees them: the role's own sample when
     * the dataset's {@code access:} names it, else the {@code default} one (null {@code role}: the {@code default}
     * one). Empty when the run recorded none: it quarantined nothing, or ran before samples were kept.
     */
    public Optional<StoredSample> sample(String runId, String dataset, Role role) {
        String label = role == null ? DataAccess.DEFAULT_ROLE : role.label();
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM run_quarantine_samples
                        WHERE run_id = :run AND dataset = :dataset AND role IN (:role, 'default')
                        ORDER BY role = :role DESC LIMIT 1""")
                .bind("run", runId)
                .bind("dataset", dataset)
                .bind("role", label)
                .map((rs, ctx) -> sample(rs))
                .findOne());
    }

    private static StoredTable table(ResultSet rs) throws SQLException {
        return new StoredTable(
                rs.getString("run_id"),
                new TableFacts(
                        rs.getString("pipeline"),
                        rs.getString("dataset"),
                        rs.getString("format"),
                        rs.getString("location"),
                        (Long) rs.getObject("version"),
                        read(rs.getString("columns"), COLUMNS)),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }

    private static StoredSample sample(ResultSet rs) throws SQLException {
        String dataset = rs.getString("dataset");
        return new StoredSample(
                rs.getString("run_id"),
                rs.getString("role"),
                new QuarantineSample(
                        DatasetName.parse(dataset).quarantine().toString(),
                        read(rs.getString("columns"), NAMES),
                        read(rs.getString("rows"), ROWS),
                        rs.getLong("quarantined")),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }

    private static <T> T read(String json, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable JSON in a run's table record", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write a run's table record as JSON", e);
        }
    }
}
