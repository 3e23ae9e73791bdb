package dev.strata.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** When a small command runs without adaptive execution, and what a plan's input bytes are. */
class OneJobIT {
    private static final long MEGABYTE = 1024 * 1024;

    private final SparkSession spark = SharedSpark.session().newSession();

    @Test
    void smallWorkRunsWithoutAdaptiveExecutionOnFewerPartitionsAndTheSettingsComeBack() {
        spark.conf().set("spark.sql.adaptive.enabled", "true");
        spark.conf().set("spark.sql.shuffle.partitions", "200");
        List<String> seen = new ArrayList<>();

        OneJob.inIfSmall(spark, 10 * MEGABYTE, () -> seen.add(settings()));
        OneJob.inIfSmall(spark, 65 * MEGABYTE, () -> seen.add(settings()));
        spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "128m");
        OneJob.inIfSmall(spark, 65 * MEGABYTE, () -> seen.add(settings()));

        int cores = spark.sparkContext().defaultParallelism();
        assertThat(seen)
                .containsExactly(
                        "adaptive false, partitions " + cores,
                        "adaptive true, partitions 200",
                        "adaptive false, partitions " + cores);
        assertThat(settings()).isEqualTo("adaptive true, partitions 200");
    }

    @Test
    void workIsLeftAsItIsWhenAdaptiveExecutionIsOffAlready() {
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        spark.conf().set("spark.sql.shuffle.partitions", "7");

        String seen = OneJob.inIfSmall(spark, 1, this::settings);

        assertThat(seen).isEqualTo("adaptive false, partitions 7");
    }

    @Test
    void theInputBytesOfAJoinAreItsInputsSumNotTheProductSparkEstimatesForTheJoin() {
        Dataset<Row> left = spark.range(1000).toDF("id").cache();
        Dataset<Row> right = spark.range(500).toDF("id").cache();
        left.count();
        right.count();
        long leftBytes = OneJob.inputBytes(left);
        long rightBytes = OneJob.inputBytes(right);
        Dataset<Row> joined = left.join(right, "id");

        assertThat(leftBytes).as("a filled cache of 1000 longs").isBetween(1000L * 8, 64L * 1024);
        assertThat(rightBytes).isBetween(500L * 8, leftBytes);
        assertThat(OneJob.inputBytes(joined)).isEqualTo(leftBytes + rightBytes);
        assertThat(joined.queryExecution()
                        .withCachedData()
                        .stats()
                        .sizeInBytes()
                        .longValue())
                .as("Spark's own estimate of the join: the product of its sides, scaled to its columns")
                .isGreaterThan(100 * (leftBytes + rightBytes));
        left.unpersist();
        right.unpersist();
    }

    private String settings() {
        return "adaptive " + spark.conf().get("spark.sql.adaptive.enabled") + ", partitions "
                + spark.conf().get("spark.sql.shuffle.partitions");
    }
}
