package dev.strata.core.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code ${…}} references in the string values of a pipeline file, read as the loader reads them: {@code
 * ${secret:NAME}} names a secret, {@code ${NAME}} or {@code ${NAME:-default}} a parameter or an environment variable,
 * {@code ${run.…}} the run's own variables, and {@code $${} is a literal. Only names are kept, never values.
 *
 * @param secrets the secret names, sorted
 * @param variables every other name (parameters and environment variables), sorted, and whether each reference to it
 *     gives a default
 */
record FileReferences(Set<String> secrets, Map<String, Boolean> variables) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The references of a pipeline file's text (already validated by the loader). */
    static FileReferences of(String yamlText) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> secrets = new TreeSet<>();
        Map<String, Boolean> variables = new TreeMap<>();
        walk(root, secrets, variables);
        return new FileReferences(secrets, variables);
    }

    private static void walk(JsonNode node, Set<String> secrets, Map<String, Boolean> variables) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            scan(node.textValue(), secrets, variables);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                walk(it.next().getValue(), secrets, variables);
            }
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, secrets, variables));
        }
    }

    private static void scan(String text, Set<String> secrets, Map<String, Boolean> variables) {
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    return;
                }
                String body = text.substring(i + 2, end);
                if (body.startsWith("secret:")) {
                    secrets.add(body.substring("secret:".length()));
                } else {
                    int colon = body.indexOf(":-");
                    String name = colon < 0 ? body : body.substring(0, colon);
                    if (NAME.matcher(name).matches()) {
                        variables.merge(name, colon >= 0, Boolean::logicalAnd);
                    }
                }
                i = end + 1;
            } else {
                i++;
            }
        }
    }

    /** The environment variables among the references: those that are not declared parameters. */
    Map<String, Boolean> environment(Set<String> parameters) {
        Map<String, Boolean> env = new LinkedHashMap<>();
        variables.forEach((name, defaulted) -> {
            if (!parameters.contains(name)) {
                env.put(name, defaulted);
            }
        });
        return env;
    }
}
