package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.DatasetSpec;
import java.util.HashSet;
import java.util.Set;

/** Checks a dataset's {@code tags:} beyond their type (the schema checks that): each a valid name, each once. */
final class TagChecks {
    private TagChecks() {}

    /** Checks the tags of the dataset at {@code path}. */
    static void check(Problems problems, YamlPath path, JsonNode node) {
        JsonNode tags = node.path("tags");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isTextual()) {
                continue;
            }
            String text = tag.asText();
            YamlPath at = path.resolve("tags", i);
            if (!DatasetSpec.TAG.matcher(text).matches()) {
                problems.error(
                        at,
                        "invalid tag '" + text + "'",
                        "use a letter or '_' followed by letters, digits and '_', e.g. pii or daily_finance");
            } else if (!seen.add(text)) {
                problems.error(at, "tag '" + text + "' is listed twice", "list each tag once");
            }
        }
    }
}
