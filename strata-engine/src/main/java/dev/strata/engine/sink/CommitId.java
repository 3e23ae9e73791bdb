package dev.strata.engine.sink;

import static java.util.Objects.requireNonNull;

/**
 * Names one logical batch, so that a sink commits it at most once however often it is retried: Delta records it as
 * the transaction {@code (txnAppId, txnVersion)}; Iceberg and Hudi keep it in the snapshot summary or commit metadata
 * and look for it before they commit.
 *
 * @param appId the writer: a run ({@code strata-run:<run id>}) or a stream checkpoint
 * @param version the batch of that writer: 0 for a run, the micro-batch id for a stream
 */
public record CommitId(String appId, long version) {
    /** The summary / commit-metadata key holding {@link #appId}. */
    public static final String APP_KEY = "strata.commit-app";
    /** The summary / commit-metadata key holding {@link #version}. */
    public static final String VERSION_KEY = "strata.commit-version";

    public CommitId {
        requireNonNull(appId, "appId is null");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
    }

    /** The one batch a run writes to a table. */
    public static CommitId ofRun(String runId) {
        return new CommitId("strata-run:" + runId, 0);
    }

    /** True when {@code other} is this writer's batch at this version or a later one, so this one is committed. */
    public boolean coveredBy(String otherAppId, long otherVersion) {
        return appId.equals(otherAppId) && otherVersion >= version;
    }
}
