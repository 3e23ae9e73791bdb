package dev.strata.core.validate;

import java.util.List;

/**
 * The parts of a pipeline file that go to Spark, Hadoop or a catalog as they are: option maps, passed as reader,
 * writer or catalog properties, and connection URLs. Secrets belong there, and only there.
 */
final class OptionMaps {
    private static final String ANY = "*";

    /** Paths of option maps' values; {@code *} matches any key. */
    private static final List<List<String>> OPTION_VALUES = List.of(
            List.of("sources", ANY, "options", ANY),
            List.of("datasets", ANY, "write", "options", ANY),
            List.of("storage", "iceberg", "options", ANY),
            List.of("targets", ANY, "storage", "iceberg", "options", ANY),
            List.of("targets", ANY, "spark", "conf", ANY));

    private static final List<List<String>> CONNECTION_URLS = List.of(
            List.of("sources", ANY, "url"),
            List.of("storage", "iceberg", "uri"),
            List.of("targets", ANY, "storage", "iceberg", "uri"));

    private OptionMaps() {}

    /** Whether {@code path} is the value of one option, whose key is the path's last element. */
    static boolean isOptionValue(YamlPath path) {
        return OPTION_VALUES.stream().anyMatch(pattern -> matches(pattern, path));
    }

    static boolean isConnectionUrl(YamlPath path) {
        return CONNECTION_URLS.stream().anyMatch(pattern -> matches(pattern, path));
    }

    private static boolean matches(List<String> pattern, YamlPath path) {
        List<Object> elements = path.elements();
        if (elements.size() != pattern.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!(elements.get(i) instanceof String key)
                    || !(pattern.get(i).equals(ANY) || pattern.get(i).equals(key))) {
                return false;
            }
        }
        return true;
    }
}
