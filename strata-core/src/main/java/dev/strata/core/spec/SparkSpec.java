package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Where a target's runs use Spark, and the Spark settings they add. */
public record SparkSpec(
        @JsonPropertyDescription("Spark master: local[*], local[2], spark://host:7077, k8s://…; strata's --master wins"
                + " over it, and it wins over SPARK_MASTER_URL.")
        String master,

        @JsonPropertyDescription("Spark settings for this target's sessions, e.g. spark.sql.shuffle.partitions: 8;"
                + " write secrets as ${secret:NAME}.")
        Map<String, String> conf) {

    public static final SparkSpec NONE = new SparkSpec(null, null);

    public SparkSpec {
        conf = Specs.orderedCopy(conf);
    }
}
