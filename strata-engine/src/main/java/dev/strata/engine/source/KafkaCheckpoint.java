package dev.strata.engine.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The stream checkpoint of a dataset that reads a Kafka topic, in its current generation. Generation 0 is the folder
 * {@code _strata/checkpoints/<dataset>}. A full refresh starts a new one: it writes, atomically, the marker {@code
 * _strata/checkpoints/<dataset>.generation.json} naming the refresh's run id and the offsets it read up to; the stream
 * then continues in the fresh folder {@code <dataset>@<run id>} from those offsets, and commits its micro-batches under
 * an id of its own, so that their batch ids, which start again at 0, are not taken for ones already committed.
 *
 * @param generation the run id of the refresh that started the generation, or null for generation 0
 * @param startingOffsets per partition where the generation starts, empty for generation 0 (the source's options say)
 */
record KafkaCheckpoint(
        String dataset, String generation, String location, Map<Integer, Long> startingOffsets, Configuration conf) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The dataset's current checkpoint under {@code storageRoot}. */
    static KafkaCheckpoint current(String storageRoot, String dataset, Configuration conf) {
        Path marker = marker(storageRoot, dataset);
        try {
            FileSystem fs = marker.getFileSystem(conf);
            if (!fs.exists(marker)) {
                return new KafkaCheckpoint(
                        dataset, null, new Path(root(storageRoot), dataset).toString(), Map.of(), conf);
            }
            JsonNode node = JSON.readTree(read(fs, marker));
            String generation = node.get("generation").asText();
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields =
                    node.get("startingOffsets").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                offsets.put(Integer.parseInt(field.getKey()), field.getValue().asLong());
            }
            return new KafkaCheckpoint(
                    dataset,
                    generation,
                    new Path(root(storageRoot), dataset + "@" + generation).toString(),
                    offsets,
                    conf);
        } catch (IOException | RuntimeException e) {
            throw unreadable(dataset, marker, e);
        }
    }

    /**
     * Starts the generation of refresh {@code runId}, from {@code offsets}, unless it is already the current one: a
     * retry of an interrupted refresh finishes it. The marker is written to a side file and renamed over the old one.
     */
    static void restart(
            String storageRoot, String dataset, String runId, Map<Integer, Long> offsets, Configuration conf) {
        if (runId.equals(current(storageRoot, dataset, conf).generation())) {
            return;
        }
        Path marker = marker(storageRoot, dataset);
        Path side = new Path(marker.getParent(), "." + marker.getName() + "." + runId + ".tmp");
        ObjectNode node = JSON.createObjectNode().put("generation", runId);
        ObjectNode starting = node.putObject("startingOffsets");
        offsets.forEach((partition, offset) -> starting.put(String.valueOf(partition), offset));
        try {
            FileSystem fs = marker.getFileSystem(conf);
            fs.mkdirs(marker.getParent());
            try (OutputStream out = fs.create(side, true)) {
                out.write(JSON.writeValueAsBytes(node));
            }
            FileContext.getFileContext(marker.toUri(), conf).rename(side, marker, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot start a new stream checkpoint for " + dataset + " at " + marker + ": " + e.getMessage()
                            + " (check that the storage root is writable, then run again: the refresh is finished"
                            + " then)",
                    e);
        }
    }

    /** The id under which the tables record this generation's micro-batches. */
    String appId() {
        return "strata-kafka:" + dataset + (generation == null ? "" : "@" + generation);
    }

    /** Spark's {@code startingOffsets} for this generation, naming every partition in {@code partitions}; or null. */
    String startingOffsetsJson(String topic, List<Integer> partitions) {
        if (generation == null) {
            return null;
        }
        // A partition added since the refresh starts from its beginning: Spark needs every partition named.
        List<KafkaOffsets.Range> ranges = partitions.stream()
                .map(p -> new KafkaOffsets.Range(p, startingOffsets.getOrDefault(p, -2L), 0, -1))
                .toList();
        return KafkaOffsets.offsetsJson(topic, ranges, KafkaOffsets.Range::from);
    }

    /** Whether the stream has already planned a micro-batch in this generation's folder. */
    boolean started() {
        try {
            Path offsets = new Path(location, "offsets");
            FileSystem fs = offsets.getFileSystem(conf);
            return fs.exists(offsets) && fs.listStatus(offsets, p -> p.getName().matches("[0-9]+")).length > 0;
        } catch (IOException e) {
            throw unreadable(dataset, new Path(location), e);
        }
    }

    /**
     * Per partition, the offset up to which the stream has committed its reads: from the checkpoint's last committed
     * micro-batch, else where this generation starts. A partition it does not name the stream has not read.
     */
    Map<Integer, Long> position(String topic) {
        Path commits = new Path(location, "commits");
        try {
            FileSystem fs = commits.getFileSystem(conf);
            long last = -1;
            if (fs.exists(commits)) {
                for (FileStatus status : fs.listStatus(commits, p -> p.getName().matches("[0-9]+"))) {
                    last = Math.max(last, Long.parseLong(status.getPath().getName()));
                }
            }
            if (last < 0) {
                return startingOffsets;
            }
            // Spark's offset log: a version line, the batch's metadata, then one line of offsets per source.
            String[] lines = read(fs, new Path(new Path(location, "offsets"), String.valueOf(last)))
                    .split("\n");
            JsonNode partitions = JSON.readTree(lines[lines.length - 1]).get(topic);
            Map<Integer, Long> position = new LinkedHashMap<>();
            if (partitions != null) {
                partitions
                        .fields()
                        .forEachRemaining(field -> position.put(
                                Integer.parseInt(field.getKey()),
                                field.getValue().asLong()));
            }
            return position;
        } catch (IOException | RuntimeException e) {
            throw unreadable(dataset, new Path(location), e);
        }
    }

    private static Path root(String storageRoot) {
        return new Path(new Path(storageRoot), "_strata/checkpoints");
    }

    private static Path marker(String storageRoot, String dataset) {
        return new Path(root(storageRoot), dataset + ".generation.json");
    }

    private static String read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static StrataException unreadable(String dataset, Path path, Exception e) {
        return new StrataException(
                ErrorCode.DATASET_FAILED,
                "Cannot read the stream checkpoint of " + dataset + " at " + path + ": " + e.getMessage()
                        + " (restore it, or rebuild the dataset with --full-refresh)",
                e);
    }
}
