package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Registered pipelines and every version of their YAML. */
public final class PipelineRepository {
    /** A registered pipeline and its latest version. */
    public record StoredPipeline(
            String name,
            String baseDir,
            String sourcePath,
            int version,
            Instant createdAt,
            Instant updatedAt,
            String createdBy) {}

    /** One version of a pipeline's YAML, as it was sent. */
    public record Version(
            String pipeline, int version, String yaml, String sha256, Instant createdAt, String createdBy) {}

    /** What {@link #save} did. */
    public record Saved(StoredPipeline pipeline, boolean created, boolean changed) {}

    private final Jdbi jdbi;

    PipelineRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Registers {@code name} or adds a version to it. The same YAML as the latest version adds none, so re-registering
     * an unchanged file is harmless.
     */
    public Saved save(String name, String yaml, String baseDir, String sourcePath, String by, Instant now) {
        String sha = Hashes.sha256(yaml);
        return jdbi.inTransaction(handle -> {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            boolean existed =
                    handle.createQuery("SELECT count(*) FROM pipelines WHERE name = :name AND deleted_at IS NULL")
                                    .bind("name", name)
                                    .mapTo(Long.class)
                                    .one()
                            > 0;
            handle.createUpdate("""
                            INSERT INTO pipelines (name, base_dir, source_path, created_at, updated_at, created_by)
                            VALUES (:name, :baseDir, :sourcePath, :at, :at, :by)
                            ON CONFLICT (name) DO UPDATE SET base_dir = EXCLUDED.base_dir,
                                source_path = EXCLUDED.source_path, updated_at = EXCLUDED.updated_at,
                                deleted_at = NULL""")
                    .bind("name", name)
                    .bind("baseDir", baseDir)
                    .bind("sourcePath", sourcePath)
                    .bind("at", at)
                    .bind("by", by)
                    .execute();
            // Serializes versions of one pipeline: the row lock is held until commit.
            handle.createQuery("SELECT name FROM pipelines WHERE name = :name FOR UPDATE")
                    .bind("name", name)
                    .mapTo(String.class)
                    .one();
            Optional<String> latestSha = handle.createQuery("""
                            SELECT sha256 FROM pipeline_versions WHERE pipeline = :name
                            ORDER BY version DESC LIMIT 1""")
                    .bind("name", name)
                    .mapTo(String.class)
                    .findOne();
            boolean changed = latestSha.isEmpty() || !latestSha.get().equals(sha) || !existed;
            if (changed) {
                handle.createUpdate("""
                                INSERT INTO pipeline_versions (pipeline, version, yaml, sha256, created_at, created_by)
                                SELECT :name, COALESCE(max(version), 0) + 1, :yaml, :sha, :at, :by
                                FROM pipeline_versions WHERE pipeline = :name""")
                        .bind("name", name)
                        .bind("yaml", yaml)
                        .bind("sha", sha)
                        .bind("at", at)
                        .bind("by", by)
                        .execute();
            }
            StoredPipeline stored = find(handle, name).orElseThrow();
            return new Saved(stored, !existed, changed);
        });
    }

    public Optional<StoredPipeline> find(String name) {
        return jdbi.withHandle(handle -> find(handle, name));
    }

    private static Optional<StoredPipeline> find(org.jdbi.v3.core.Handle handle, String name) {
        return handle.createQuery(SELECT + " WHERE p.name = :name AND p.deleted_at IS NULL")
                .bind("name", name)
                .map((rs, ctx) -> pipeline(rs))
                .findOne();
    }

    /** The live pipelines, by name. */
    public List<StoredPipeline> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE p.deleted_at IS NULL ORDER BY p.name")
                .map((rs, ctx) -> pipeline(rs))
                .list());
    }

    /** Every version of a pipeline, newest first. */
    public List<Version> versions(String name) {
        return jdbi.withHandle(
                handle -> handle.createQuery(SELECT_VERSION + " WHERE pipeline = :name ORDER BY version DESC")
                        .bind("name", name)
                        .map((rs, ctx) -> version(rs))
                        .list());
    }

    /** One version of a pipeline. */
    public Optional<Version> version(String name, int version) {
        return jdbi.withHandle(
                handle -> handle.createQuery(SELECT_VERSION + " WHERE pipeline = :name AND version = :version")
                        .bind("name", name)
                        .bind("version", version)
                        .map((rs, ctx) -> version(rs))
                        .findOne());
    }

    private static final String SELECT_VERSION =
            "SELECT pipeline, version, yaml, sha256, created_at, created_by FROM pipeline_versions";

    private static Version version(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Version(
                rs.getString("pipeline"),
                rs.getInt("version"),
                rs.getString("yaml"),
                rs.getString("sha256"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }

    /** Marks the pipeline deleted; its versions and runs stay. False when there was none. */
    public boolean delete(String name, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                                "UPDATE pipelines SET deleted_at = :at WHERE name = :name AND deleted_at IS NULL")
                        .bind("name", name)
                        .bind("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .execute())
                > 0;
    }

    private static final String SELECT = """
            SELECT p.name, p.base_dir, p.source_path, p.created_at, p.updated_at, p.created_by,
                (SELECT max(version) FROM pipeline_versions v WHERE v.pipeline = p.name) AS version
            FROM pipelines p""";

    private static StoredPipeline pipeline(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredPipeline(
                rs.getString("name"),
                rs.getString("base_dir"),
                rs.getString("source_path"),
                rs.getInt("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }
}
