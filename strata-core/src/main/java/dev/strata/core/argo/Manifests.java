package dev.strata.core.argo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Building blocks of Kubernetes manifests as ordered maps, and their YAML. */
final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    /** The API group and version of Argo Workflows and Argo Events resources. */
    static final String ARGO_API = "argoproj.io/v1alpha1";

    private Manifests() {}

    /** An ordered map of the given keys and values; a null value leaves its key out. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /** A resource's head: apiVersion, kind and metadata (name, namespace when given, Strata's labels). */
    static Map<String, Object> resource(
            String apiVersion, String kind, String name, String namespace, String pipeline) {
        return map(
                "apiVersion",
                apiVersion,
                "kind",
                kind,
                "metadata",
                map(
                        "name",
                        name,
                        "namespace",
                        namespace,
                        "labels",
                        map(
                                "app.kubernetes.io/name",
                                "strata",
                                "app.kubernetes.io/part-of",
                                "strata",
                                "strata.dev/pipeline",
                                pipeline)));
    }

    /** One manifest as a YAML document. */
    static String yaml(Map<String, Object> manifest) {
        try {
            return YAML.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a manifest as YAML", e);
        }
    }

    /** A Kubernetes object name from a pipeline name: lower case, '_' as '-', prefixed {@code strata-}. */
    static String resourceName(String pipeline) {
        return "strata-" + pipeline.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
