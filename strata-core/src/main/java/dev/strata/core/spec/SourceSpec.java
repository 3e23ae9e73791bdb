package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** A named input: files or a table by path, a Kafka topic, or a JDBC table. */
public record SourceSpec(
        @JsonProperty(required = true) @JsonPropertyDescription("Input format.")
        SourceFormat format,

        @JsonPropertyDescription("File, folder or table path; relative paths resolve against the pipeline file.")
        String path,

        @JsonPropertyDescription("Options passed as is to the Spark reader, e.g. {header: \"true\"}.")
        Map<String, String> options,

        @JsonPropertyDescription(
                "Explicit schema as a Spark DDL string; rows that do not fit it go to quarantine with a reason.")
        String schema,

        @JsonPropertyDescription("Kafka topic (format: kafka).")
        String topic,

        @JsonPropertyDescription("Kafka bootstrap servers (format: kafka); defaults to $KAFKA_BOOTSTRAP_SERVERS.")
        String bootstrapServers,

        @JsonPropertyDescription("JDBC URL (format: jdbc).") String url,

        @JsonPropertyDescription("JDBC table (format: jdbc).")
        String table,

        @JsonPropertyDescription("Read a table format at this version (time travel).")
        Long asOfVersion,

        @JsonPropertyDescription("Read a table format as of this timestamp (time travel).")
        String asOfTimestamp) {

    public SourceSpec {
        requireNonNull(format, "format is null");
        options = Specs.orderedCopy(options);
    }

    /** A file or table source at a path, with no options or schema. */
    public static SourceSpec ofPath(SourceFormat format, String path) {
        return new SourceSpec(format, path, Map.of(), null, null, null, null, null, null, null);
    }

    public SourceSpec withPath(String newPath) {
        return new SourceSpec(
                format, newPath, options, schema, topic, bootstrapServers, url, table, asOfVersion, asOfTimestamp);
    }
}
