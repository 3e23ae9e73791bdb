package dev.strata.engine.source;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Per-partition offset ranges of a Kafka topic, resolved with the Kafka consumer API before a read (never left for
 * Spark to resolve as {@code latest} at read time), so that the ledger can fix them in a {@link Cursor} and a retry
 * reads exactly the same records.
 */
final class KafkaOffsets {
    /** The key of a cursor's {@link Cursor#consumed()} entry that holds a topic's ranges. */
    private static final String CURSOR_KEY = "kafka:";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaOffsets() {}

    /**
     * Offsets {@code [from, until)} of one partition; {@code wanted} is where a backfill window ended before it was
     * clipped at the stream's position, or -1 when it was not clipped.
     */
    record Range(int partition, long from, long until, long wanted) {
        boolean empty() {
            return until <= from;
        }

        boolean clipped() {
            return wanted > until;
        }

        private String encode() {
            return partition + ":" + from + ":" + until + ":" + wanted;
        }

        private static Range decode(String text) {
            String[] parts = text.split(":", -1);
            return new Range(
                    Integer.parseInt(parts[0]),
                    Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]));
        }
    }

    /** The ranges of one read of a topic, one per partition, in partition order. */
    record Ranges(String topic, List<Range> ranges) {
        Ranges {
            ranges = ranges.stream()
                    .sorted(Comparator.comparingInt(Range::partition))
                    .toList();
        }

        /** The ranges of a cursor, or null when the cursor holds none (an ordinary read of the stream). */
        static Ranges of(Cursor cursor) {
            for (Map.Entry<String, List<String>> entry : cursor.consumed().entrySet()) {
                if (entry.getKey().startsWith(CURSOR_KEY)) {
                    return new Ranges(
                            entry.getKey().substring(CURSOR_KEY.length()),
                            entry.getValue().stream().map(Range::decode).toList());
                }
            }
            return null;
        }

        Cursor cursor() {
            return new Cursor(
                    List.of(),
                    Map.of(
                            CURSOR_KEY + topic,
                            ranges.stream().map(Range::encode).toList()));
        }

        List<Range> nonEmpty() {
            return ranges.stream().filter(r -> !r.empty()).toList();
        }

        /** Spark's {@code assign}, {@code startingOffsets} and {@code endingOffsets} options for a bounded read. */
        Map<String, String> readOptions() {
            List<Range> read = nonEmpty();
            Map<String, String> options = new LinkedHashMap<>();
            options.put(
                    "assign",
                    "{" + json(topic) + ":["
                            + read.stream()
                                    .map(r -> String.valueOf(r.partition()))
                                    .collect(Collectors.joining(","))
                            + "]}");
            options.put("startingOffsets", offsetsJson(topic, read, Range::from));
            options.put("endingOffsets", offsetsJson(topic, read, Range::until));
            return options;
        }

        /** Where each partition's range ends. */
        Map<Integer, Long> ends() {
            Map<Integer, Long> ends = new LinkedHashMap<>();
            ranges.forEach(r -> ends.put(r.partition(), r.until()));
            return ends;
        }

        /**
         * E.g. {@code topic orders partitions 0-1, offsets 0:12..40, 1:3..17 (partition 1 clipped at 17, where the
         * stream stands; the window reached 25)}.
         */
        String describe() {
            String partitions = ranges.size() == 1
                    ? "partition " + ranges.get(0).partition()
                    : "partitions " + ranges.get(0).partition() + "-"
                            + ranges.get(ranges.size() - 1).partition();
            String offsets = ranges.stream()
                    .map(r -> r.partition() + ":" + r.from() + ".." + r.until())
                    .collect(Collectors.joining(", "));
            List<String> clipped = ranges.stream()
                    .filter(Range::clipped)
                    .map(r -> "partition " + r.partition() + " clipped at " + r.until() + ", where the stream stands;"
                            + " the window reached " + r.wanted())
                    .toList();
            return "topic " + topic + " " + partitions + ", offsets " + offsets
                    + (clipped.isEmpty() ? "" : " (" + String.join("; ", clipped) + ")");
        }
    }

    /** Spark's JSON form of per-partition offsets, e.g. {@code {"orders":{"0":12,"1":3}}}. */
    static String offsetsJson(String topic, List<Range> ranges, Function<Range, Long> offset) {
        return "{" + json(topic) + ":{"
                + ranges.stream()
                        .map(r -> json(String.valueOf(r.partition())) + ":" + offset.apply(r))
                        .collect(Collectors.joining(","))
                + "}}";
    }

    private static String json(String text) {
        // Kafka topic names are [a-zA-Z0-9._-]: nothing to escape.
        return "\"" + text + "\"";
    }

    /** Everything the topic retains now: each partition from its beginning to its end; null when it holds nothing. */
    static Ranges whole(SourceSpec spec) {
        return withConsumer(spec, (consumer, partitions) -> {
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<Range> ranges = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                ranges.add(new Range(partition.partition(), begin.get(partition), end.get(partition), -1));
            }
            return new Ranges(spec.topic(), ranges);
        });
    }

    /**
     * The records of a time window: in each partition, from the first record stamped at or after {@code from} to the
     * first stamped at or after {@code to}, clipped at {@code position}, where the stream stands (a partition missing
     * from it is one the stream has not read yet).
     */
    static Ranges window(SourceSpec spec, Instant from, Instant to, Map<Integer, Long> position) {
        return withConsumer(spec, (consumer, partitions) -> {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> starts = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            partitions.forEach(p -> starts.put(p, from.toEpochMilli()));
            partitions.forEach(p -> ends.put(p, to.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(starts, TIMEOUT);
            Map<TopicPartition, OffsetAndTimestamp> after = consumer.offsetsForTimes(ends, TIMEOUT);
            List<Range> ranges = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long start = first.get(partition) == null
                        ? end.get(partition)
                        : first.get(partition).offset();
                long until = after.get(partition) == null
                        ? end.get(partition)
                        : after.get(partition).offset();
                long stream = position.getOrDefault(partition.partition(), begin.get(partition));
                long clipped = Math.min(until, stream);
                ranges.add(new Range(
                        partition.partition(), start, Math.max(start, clipped), clipped < until ? until : -1));
            }
            return new Ranges(spec.topic(), ranges);
        });
    }

    /** The topic's partitions now, for a stream that starts from given offsets and must name them all. */
    static List<Integer> partitions(SourceSpec spec) {
        return withConsumer(
                spec,
                (consumer, partitions) ->
                        partitions.stream().map(TopicPartition::partition).toList());
    }

    @FunctionalInterface
    private interface Lookup<T> {
        T apply(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions);
    }

    private static <T> T withConsumer(SourceSpec spec, Lookup<T> lookup) {
        String servers =
                KafkaSource.bootstrapServers(spec, Config.of(System.getenv()).text(RunConfig.KAFKA_BOOTSTRAP_SERVERS));
        Map<String, Object> config = new HashMap<>();
        // The source's consumer settings (security and the like) apply here as they do to Spark's consumer.
        spec.options().forEach((key, value) -> {
            if (key.toLowerCase(Locale.ROOT).startsWith("kafka.")) {
                config.put(key.substring("kafka.".length()), value);
            }
        });
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(spec.topic(), TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            if (partitions.isEmpty()) {
                throw new StrataException(
                        ErrorCode.SOURCE_UNREADABLE,
                        "Cannot read Kafka topic '" + spec.topic() + "': it does not exist or has no partitions"
                                + " (check sources.<name>.topic)");
            }
            return lookup.apply(consumer, partitions);
        } catch (KafkaException e) {
            Map<String, String> secrets = new HashMap<>(spec.options());
            throw new StrataException(
                    ErrorCode.SOURCE_UNREADABLE,
                    "Cannot resolve the offsets of Kafka topic '" + spec.topic() + "': "
                            + KafkaSource.redact(Messages.firstLine(e), secrets),
                    e);
        }
    }
}
