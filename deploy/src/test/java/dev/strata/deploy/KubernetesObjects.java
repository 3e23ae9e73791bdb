package dev.strata.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rendered manifests parsed into the fabric8 Kubernetes model strictly: a field the model does not know fails.
 *
 * <p>fabric8's classes keep unknown fields in an {@code additionalProperties} map (their {@code @JsonAnySetter}), so a
 * misspelt {@code readinessProbe} would parse silently. This mapper switches every any-setter off, and with
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} an unknown field is an error naming its path.
 */
final class KubernetesObjects {
    /** The kinds the chart may render, each with its model class; any other kind fails. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "ConfigMap", ConfigMap.class,
            "Service", Service.class,
            "ServiceAccount", ServiceAccount.class,
            "Deployment", Deployment.class,
            "StatefulSet", StatefulSet.class,
            "Role", Role.class,
            "RoleBinding", RoleBinding.class,
            "ServiceMonitor", ServiceMonitor.class);

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private KubernetesObjects() {}

    /** Every document of a multi-document YAML stream (as {@code helm template} prints), parsed strictly. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(parse(document));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private static HasMetadata parse(JsonNode document) {
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("The chart rendered a kind the tests do not know: '" + kind + "'");
        }
        return STRICT.readValue(document.toString(), type);
    }
}
