package dev.strata.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.strata.core.secret.Secrets;
import java.io.IOException;

/**
 * The JSON of run records, ledger entries and quality reports: snake_case names, ISO-8601 times, indented, unknown
 * fields ignored on read (a newer Strata may add some). Every string written is passed through {@link Secrets#redact},
 * so no secret value reaches a run record, a summary or a report.
 */
public final class RunJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("strata-redaction").addSerializer(String.class, new RedactingSerializer()))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {}

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes strings with secret values masked. */
    private static final class RedactingSerializer extends StdScalarSerializer<String> {
        private static final long serialVersionUID = 1L;

        RedactingSerializer() {
            super(String.class);
        }

        /** As Jackson's own string serializer: "" is empty, for {@code @JsonInclude(NON_EMPTY)}. */
        @Override
        public boolean isEmpty(SerializerProvider provider, String value) {
            return value == null || value.isEmpty();
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(Secrets.redact(value));
        }
    }
}
