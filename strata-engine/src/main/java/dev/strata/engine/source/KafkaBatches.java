package dev.strata.engine.source;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Replacement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Kafka topic as batches. An ordinary read is every micro-batch the dataset's checkpoint has not committed: the
 * checkpoint is the cursor, so the ledger tracks none ({@link Cursor#NONE}), and each micro-batch's table commits carry
 * the checkpoint's batch id, so a micro-batch replayed after a crash is skipped where it was committed.
 *
 * <p>A full refresh or a backfill reads per-partition offset ranges instead, resolved before the read and fixed in the
 * cursor, as one bounded batch of the run; the stream's checkpoint is left as it is, except that a full refresh, once
 * written, starts a new {@link KafkaCheckpoint} generation after the offsets it read.
 */
final class KafkaBatches implements BatchSource {
    private final SourceContext context;
    /** What the last backfill window found, for {@link #noBackfillNote()}. */
    private String windowNote;

    KafkaBatches(SourceContext context) {
        this.context = context;
    }

    @Override
    public Cursor next() {
        return Cursor.NONE;
    }

    /** The whole retained topic, from each partition's beginning to its end as it is now. */
    @Override
    public Cursor all() {
        KafkaOffsets.Ranges ranges = KafkaOffsets.whole(context.spec());
        return ranges.nonEmpty().isEmpty() ? null : ranges.cursor();
    }

    /** The records stamped in the window, up to where the stream stands: later ones are the stream's to load. */
    @Override
    public Cursor modifiedIn(Reprocessing window) {
        Map<Integer, Long> position = checkpoint().position(context.spec().topic());
        KafkaOffsets.Ranges ranges = KafkaOffsets.window(context.spec(), window.from(), window.to(), position);
        if (ranges.nonEmpty().isEmpty()) {
            windowNote = ranges.ranges().stream().anyMatch(KafkaOffsets.Range::clipped)
                    ? "nothing to backfill: the stream has not read the window's records yet (" + ranges.describe()
                            + "); the next ordinary run loads them"
                    : "no record of topic " + ranges.topic() + " is stamped in the backfill window";
            return null;
        }
        return ranges.cursor();
    }

    @Override
    public String noBackfillNote() {
        return windowNote != null ? windowNote : BatchSource.super.noBackfillNote();
    }

    @Override
    public boolean checkpointed() {
        return true;
    }

    @Override
    public Batches read(Cursor cursor, BatchRun run) {
        KafkaOffsets.Ranges ranges = KafkaOffsets.Ranges.of(cursor);
        if (ranges != null) {
            SourceRead read = readRange(context.spark(), context.spec(), ranges.readOptions());
            return Batches.of(SourceBatch.stamped(read, run, CommitId.ofRun(run.runId()), cursor));
        }
        KafkaCheckpoint checkpoint = checkpoint();
        String startingOffsets = checkpoint.generation() == null || checkpoint.started()
                ? null
                : checkpoint.startingOffsetsJson(context.spec().topic(), KafkaOffsets.partitions(context.spec()));
        return handler -> KafkaSource.stream(
                context.spark(), context.spec(), checkpoint.location(), startingOffsets, (read, batchId) -> {
                    CommitId commit = new CommitId(checkpoint.appId(), batchId);
                    String failure = handler.handle(SourceBatch.stamped(read, run, commit, Cursor.NONE));
                    if (failure != null) {
                        // Stop the stream before the checkpoint commits this micro-batch, so the next run retries it.
                        throw new StrataException(ErrorCode.DATASET_FAILED, failure);
                    }
                });
    }

    /** The rows earlier runs loaded from the batch's offsets: a range per partition, not a list of records. */
    @Override
    public Replacement replaces(SourceBatch batch) {
        KafkaOffsets.Ranges ranges = KafkaOffsets.Ranges.of(batch.consumes());
        if (ranges == null) {
            return null;
        }
        return Replacement.within(
                SourceRead.SOURCE_FILE,
                ranges.nonEmpty().stream()
                        .map(r -> new Replacement.Range(
                                "kafka://" + ranges.topic() + "/" + r.partition() + "/", r.from(), r.until()))
                        .toList());
    }

    /** Starts the stream's next generation after the refreshed offsets; idempotent, so a retry finishes it. */
    @Override
    public void refreshed(Cursor cursor, BatchRun run) {
        KafkaOffsets.Ranges ranges = KafkaOffsets.Ranges.of(cursor);
        if (ranges != null) {
            KafkaCheckpoint.restart(context.storageRoot(), context.dataset(), run.runId(), ranges.ends(), conf());
        }
    }

    @Override
    public String describe(Cursor cursor) {
        KafkaOffsets.Ranges ranges = KafkaOffsets.Ranges.of(cursor);
        return ranges == null ? null : ranges.describe();
    }

    private KafkaCheckpoint checkpoint() {
        return KafkaCheckpoint.current(context.storageRoot(), context.dataset(), conf());
    }

    private Configuration conf() {
        return context.spark().sparkContext().hadoopConfiguration();
    }

    /**
     * Reads fixed offset ranges of the spec's topic as one bounded batch: {@code ranges} holds Spark's {@code assign},
     * {@code startingOffsets} and {@code endingOffsets}; the source's consumer settings ({@code kafka.*}) and {@code
     * failOnDataLoss} apply.
     */
    private static SourceRead readRange(SparkSession spark, SourceSpec spec, Map<String, String> ranges) {
        String servers =
                KafkaSource.bootstrapServers(spec, Config.of(System.getenv()).text(RunConfig.KAFKA_BOOTSTRAP_SERVERS));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("failOnDataLoss", "true");
        spec.options().forEach((key, value) -> {
            if (key.toLowerCase(Locale.ROOT).startsWith("kafka.") || key.equals("failOnDataLoss")) {
                options.put(key, value);
            }
        });
        options.put("kafka.bootstrap.servers", servers);
        options.putAll(ranges);
        try {
            Dataset<Row> records = spark.read().format("kafka").options(options).load();
            return KafkaSource.parse(records, spec);
        } catch (RuntimeException e) {
            throw KafkaSource.failure(spec.topic(), e, options);
        }
    }
}
