package dev.strata.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One lifecycle event as a CloudEvent 1.0 in structured JSON mode (docs/events.md, "Event catalogue"): {@code source}
 * {@code strata://pipelines/<pipeline>}, {@code subject} the pipeline or {@code <pipeline>/<dataset>}, a random UUID
 * as {@code id}, and {@code data} a JSON object of snake_case fields.
 *
 * @param json the event as it is published, built and written by the CloudEvents SDK
 */
public record LifecycleEvent(String id, String pipeline, String type, Instant time, String json) {
    /** The types, each with a JSON Schema under docs/events/. */
    public static final String RUN_QUEUED = "dev.strata.run.queued";

    public static final String RUN_STARTED = "dev.strata.run.started";
    public static final String RUN_SUCCEEDED = "dev.strata.run.succeeded";
    public static final String RUN_FAILED = "dev.strata.run.failed";
    public static final String RUN_CANCELLED = "dev.strata.run.cancelled";
    public static final String DATASET_COMPLETED = "dev.strata.dataset.completed";
    public static final String QUALITY_RULE_FAILED = "dev.strata.quality.rule_failed";
    public static final String ANOMALY_DETECTED = "dev.strata.anomaly.detected";
    public static final String SCHEMA_CHANGED = "dev.strata.schema.changed";

    static final ObjectMapper DATA = new ObjectMapper();
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /** The {@code source} of a pipeline's events. */
    public static URI source(String pipeline) {
        return URI.create("strata://pipelines/" + pipeline);
    }

    /** An event of {@code type} about the pipeline, or one of its datasets when {@code dataset} is not null. */
    static LifecycleEvent of(String type, String pipeline, String dataset, Instant time, ObjectNode data) {
        String id = UUID.randomUUID().toString();
        byte[] body;
        try {
            body = DATA.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(source(pipeline))
                .withType(type)
                .withSubject(dataset == null ? pipeline : pipeline + "/" + dataset)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(body)
                .build();
        return new LifecycleEvent(
                id, pipeline, type, time, new String(FORMAT.serialize(event), StandardCharsets.UTF_8));
    }
}
