package dev.strata.engine.lineage;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How the events name things. A dataset is {@code (storage root as a URI, layer.name)}; a source follows OpenLineage's
 * naming conventions: files {@code (file, /abs/path)} or {@code (s3a://bucket, path/in/bucket)}, Kafka {@code
 * (kafka://first-broker, topic)}, JDBC {@code (jdbc:postgresql://host:port/db, table)}. Run ids are UUIDs derived from
 * the pipeline and the Strata run id, so a catalog can find the run of {@code strata runs show RUN_ID}.
 */
final class LineageNames {
    /** One OpenLineage dataset's identity. */
    record DatasetId(String namespace, String name) {}

    private final Pipeline pipeline;
    private final String root;
    private final String defaultKafkaServers;

    LineageNames(Pipeline pipeline, String defaultKafkaServers) {
        this.pipeline = pipeline;
        this.root = rootNamespace(pipeline.spec().storage().root());
        this.defaultKafkaServers = defaultKafkaServers;
    }

    /** {@code /srv/lake} becomes {@code file:///srv/lake}; a URI keeps its scheme and loses user info and a final /. */
    static String rootNamespace(String location) {
        URI uri = new org.apache.hadoop.fs.Path(location).toUri();
        String path = trimSlash(uri.getPath() == null ? "" : uri.getPath());
        if (uri.getScheme() == null) {
            return "file://" + path;
        }
        String host = uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return uri.getScheme() + "://" + host + path;
    }

    String pipelineName() {
        return pipeline.spec().name();
    }

    DatasetId dataset(DatasetName name) {
        return new DatasetId(root, name.toString());
    }

    /** The source {@code source} of the pipeline, or null when it is not one. */
    DatasetId source(String source) {
        SourceSpec spec = pipeline.spec().sources().get(source);
        if (spec == null) {
            return null;
        }
        if (spec.topic() != null) {
            String servers = spec.bootstrapServers() != null ? spec.bootstrapServers() : defaultKafkaServers;
            String first = servers == null ? "unknown" : servers.split(",")[0].strip();
            return new DatasetId("kafka://" + first, spec.topic());
        }
        if (spec.url() != null) {
            String url = spec.url().replaceAll("[?;].*$", "").replaceAll("//[^/@]*@", "//");
            return new DatasetId(url, spec.table() == null ? source : spec.table());
        }
        if (spec.path() == null) {
            return new DatasetId(root, source);
        }
        URI uri = new org.apache.hadoop.fs.Path(spec.path()).toUri();
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            return new DatasetId("file", trimSlash(uri.getPath()));
        }
        String host = uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return new DatasetId(
                uri.getScheme() + "://" + host, trimSlash(uri.getPath()).replaceFirst("^/", ""));
    }

    /** What a dataset reads: its source, then the datasets it reads, each once. */
    List<DatasetId> inputs(DatasetPlan plan) {
        Set<DatasetId> inputs = new LinkedHashSet<>();
        if (plan.source() != null) {
            DatasetId source = source(plan.source());
            if (source != null) {
                inputs.add(source);
            }
        }
        plan.upstream().forEach(upstream -> inputs.add(dataset(upstream)));
        return new ArrayList<>(inputs);
    }

    /**
     * The input whose rows a dataset's batch counts and its rules judge: its source, else the dataset {@code from:}
     * names, else the first dataset its SQL reads; null when it reads nothing.
     */
    DatasetId primaryInput(DatasetPlan plan) {
        if (plan.source() != null) {
            return source(plan.source());
        }
        String from = plan.spec().from();
        if (from != null) {
            for (DatasetName upstream : plan.upstream()) {
                if (upstream.toString().equals(from)) {
                    return dataset(upstream);
                }
            }
        }
        return plan.upstream().isEmpty() ? null : dataset(plan.upstream().get(0));
    }

    /** The pipeline run's OpenLineage id. */
    UUID runId(String strataRunId) {
        return uuid(pipelineName() + "/" + strataRunId);
    }

    /** One dataset's run within the pipeline run. */
    UUID runId(String strataRunId, String dataset) {
        return uuid(pipelineName() + "/" + strataRunId + "/" + dataset);
    }

    /** A dataset's job: {@code pipeline.layer.name}. */
    String jobName(String dataset) {
        return pipelineName() + "." + dataset;
    }

    private static UUID uuid(String text) {
        return UUID.nameUUIDFromBytes(("strata:" + text).getBytes(StandardCharsets.UTF_8));
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
