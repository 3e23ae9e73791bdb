package dev.strata.core.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.DatasetName;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the section checks share: the tree being checked, the names declared in the file, and the problems found so
 * far. Names come from the original tree, so that a source the schema rejected still counts as declared.
 */
final class CheckContext {
    private final JsonNode original;
    private final JsonNode root;
    private final Set<YamlPath> rejected;
    private final Problems problems;
    private final ObjectMapper mapper;
    private final Set<String> sourceNames = new LinkedHashSet<>();
    private final Set<DatasetName> declared = new LinkedHashSet<>();
    private final Set<String> layers;

    CheckContext(JsonNode original, JsonNode root, Set<YamlPath> rejected, Problems problems, ObjectMapper mapper) {
        this.original = original;
        this.root = root;
        this.rejected = rejected;
        this.problems = problems;
        this.mapper = mapper;
        original.path("sources").fieldNames().forEachRemaining(sourceNames::add);
        original.path("datasets")
                .fieldNames()
                .forEachRemaining(key -> DatasetName.tryParse(key).ifPresent(declared::add));
        this.layers = Planner.layers(declared);
    }

    /** The file as read, rejected parts included. */
    JsonNode original() {
        return original;
    }

    /** The file without the parts the schema rejected. */
    JsonNode root() {
        return root;
    }

    Problems problems() {
        return problems;
    }

    /** The names declared under {@code sources:}. */
    Set<String> sourceNames() {
        return sourceNames;
    }

    /** The valid names declared under {@code datasets:}. */
    Set<DatasetName> declared() {
        return declared;
    }

    /** The layers of the declared datasets. */
    Set<String> layers() {
        return layers;
    }

    /**
     * Binds one part of the file to its record; empty when the schema rejected it (its problems are reported), or when
     * the record cannot read what the schema accepted (then reported here).
     */
    <T> Optional<T> bind(YamlPath path, JsonNode node, Class<T> type) {
        if (rejected.contains(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (rejected.stream().anyMatch(part -> part.startsWith(path) || path.startsWith(part))) {
                return Optional.empty();
            }
            // The schema accepted this part, so the records and the schema disagree: say what Jackson said.
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            problems.error(path, "cannot read this part of the file: " + reason, null);
            return Optional.empty();
        }
    }
}
