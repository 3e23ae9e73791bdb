package dev.strata.server.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Kafka message as triggers read it: its event id and a JSON view to match filters against. A CloudEvent, in
 * structured mode (a JSON body with {@code specversion}, or content type {@code application/cloudevents+json}) or in
 * binary mode ({@code ce_*} headers), is read with the CloudEvents SDK, which checks its required attributes; the view
 * is its attributes and extensions at the top level and its data, when JSON, under {@code data}. Any other JSON object
 * is its own view, and its id is where it lies in Kafka ({@code topic/partition/offset}), the same on redelivery.
 *
 * @param dataIsJson whether the view has the payload as JSON under {@code data} (filters on {@code data.…} need it)
 */
record TriggerMessage(String id, JsonNode view, boolean dataIsJson) {
    /** Larger messages are not read. */
    static final int MAX_BYTES = 1 << 20;

    /** Parse errors do not quote the message: a reason is logged, and a message may carry anything. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    /** Why a message cannot be read: the reason goes in its dead letter's header. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    static TriggerMessage read(ConsumerRecord<byte[], byte[]> record) throws Unreadable {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new Unreadable("empty message");
        }
        if (value.length > MAX_BYTES) {
            throw new Unreadable("message of " + value.length + " bytes, more than " + MAX_BYTES);
        }
        if (record.headers().lastHeader("ce_specversion") != null) {
            return binary(record);
        }
        JsonNode body;
        try {
            body = JSON.readTree(value);
        } catch (IOException e) {
            throw new Unreadable("not JSON: " + firstLine(e.getMessage()));
        }
        if (body == null || !body.isObject()) {
            throw new Unreadable("not a JSON object");
        }
        if (body.has("specversion") || isCloudEventContentType(record)) {
            return structured(value, body);
        }
        return new TriggerMessage(record.topic() + "/" + record.partition() + "/" + record.offset(), body, true);
    }

    private static TriggerMessage structured(byte[] value, JsonNode body) throws Unreadable {
        try {
            CloudEvent event = EventFormatProvider.getInstance()
                    .resolveFormat(JsonFormat.CONTENT_TYPE)
                    .deserialize(value);
            // data_base64 carries bytes, not JSON.
            return new TriggerMessage(event.getId(), body, !body.has("data_base64"));
        } catch (EventDeserializationException | CloudEventRWException | IllegalStateException e) {
            throw new Unreadable("not a valid CloudEvent: " + firstLine(rootMessage(e)));
        }
    }

    private static TriggerMessage binary(ConsumerRecord<byte[], byte[]> record) throws Unreadable {
        CloudEvent event;
        try {
            MessageReader reader = KafkaMessageFactory.createReader(record);
            event = reader.toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new Unreadable("not a valid CloudEvent: " + firstLine(rootMessage(e)));
        }
        ObjectNode view = JSON.createObjectNode();
        for (String name : event.getAttributeNames()) {
            Object attribute = event.getAttribute(name);
            if (attribute != null) {
                view.put(name, attribute.toString());
            }
        }
        for (String name : event.getExtensionNames()) {
            Object extension = event.getExtension(name);
            if (extension != null && !view.has(name)) {
                view.put(name, extension.toString());
            }
        }
        boolean dataIsJson = false;
        if (event.getData() != null) {
            try {
                JsonNode data = JSON.readTree(event.getData().toBytes());
                if (data != null) {
                    view.set("data", data);
                    dataIsJson = true;
                }
            } catch (IOException e) {
                dataIsJson = false;
            }
        }
        return new TriggerMessage(event.getId(), view, dataIsJson);
    }

    private static boolean isCloudEventContentType(ConsumerRecord<byte[], byte[]> record) {
        Header contentType = record.headers().lastHeader("content-type");
        return contentType != null
                && new String(contentType.value(), StandardCharsets.UTF_8).startsWith("application/cloudevents+json");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage() == null ? e.getMessage() : root.getMessage());
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
