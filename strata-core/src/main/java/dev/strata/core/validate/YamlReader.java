package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.SourceMap.Position;
import dev.strata.core.validate.SourceMap.Style;
import java.io.StringReader;
import java.math.BigInteger;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Composes YAML with snakeyaml's node API and turns it into a Jackson tree, recording where every key and value was
 * written and interpolating environment variables in string values. Scalars are typed by their resolved YAML tag.
 */
final class YamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PARAMETERS = "parameters";
    private static final String TARGETS = "targets";

    /**
     * The largest pipeline file, in characters. Composing YAML costs more than linear time in the length of one
     * scalar, so a file past this is refused before it is read (a server reads pipelines from its callers).
     */
    static final int MAX_DOCUMENT_CHARACTERS = 1 << 20;

    /** The longest single value (a SQL query included), in characters. */
    static final int MAX_SCALAR_CHARACTERS = 256 * 1024;

    /** How deep mappings and lists may nest. */
    static final int MAX_NESTING_DEPTH = 40;

    /** How many aliases may refer to mappings or lists: anchors expand, and a few can expand exponentially. */
    static final int MAX_ALIASES = 50;

    /** How many values the file may hold once its aliases are expanded. */
    static final int MAX_VALUES = 100_000;

    private final Problems problems;
    private final SourceMap map;
    private final Variables variables;
    private final String target;
    private ParameterValues parameters;
    private final String[] lines;
    private final ScalarConstructor scalars = new ScalarConstructor();
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private YamlReader(String text, Problems problems, Variables variables, String target) {
        this.problems = problems;
        this.map = problems.map();
        this.variables = variables;
        this.target = target;
        this.lines = text.split("\r?\n", -1);
    }

    /** The document as a tree, or null when it cannot be parsed (the reason is in {@code problems}). */
    static JsonNode read(String text, Problems problems, Variables variables) {
        return read(text, problems, variables, null);
    }

    /**
     * The document as a tree, with the values of the chosen {@code target} (null: none) interpolated and every other
     * target's taken as written: a prod target's {@code ${PROD_BUCKET}} need not be set for a dev run.
     */
    static JsonNode read(String text, Problems problems, Variables variables, String target) {
        return new YamlReader(text, problems, variables, target).read(text);
    }

    private JsonNode read(String text) {
        if (text.length() > MAX_DOCUMENT_CHARACTERS) {
            problems.add(
                    YamlPath.ROOT,
                    Position.START,
                    "the pipeline file has " + text.length() + " characters, more than the " + MAX_DOCUMENT_CHARACTERS
                            + " a pipeline may have",
                    "move long SQL into views or split the pipeline",
                    Severity.ERROR);
            return null;
        }
        LoaderOptions options = limits();
        Node root;
        try {
            // compose() builds nodes only; nothing is instantiated from tags.
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            YamlSyntax.Explanation syntax = YamlSyntax.explain(e, lines);
            problems.add(
                    YamlPath.ROOT, syntax.at(), "invalid YAML: " + syntax.message(), syntax.hint(), Severity.ERROR);
            return null;
        } catch (YAMLException e) {
            problems.add(YamlPath.ROOT, Position.START, "invalid YAML: " + e.getMessage(), null, Severity.ERROR);
            return null;
        }
        if (root == null) {
            problems.add(
                    YamlPath.ROOT,
                    Position.START,
                    "the pipeline file is empty",
                    "start with name: and datasets:",
                    Severity.ERROR);
            return null;
        }
        // The declared parameters first: every ${NAME} elsewhere may refer to one.
        JsonNode declared = null;
        ZoneId zone = ZoneOffset.UTC;
        if (root instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key
                        && key.getValue().equals(PARAMETERS)) {
                    declared = convert(entry.getValueNode(), YamlPath.of(PARAMETERS));
                }
                if (entry.getKeyNode() instanceof ScalarNode key
                        && key.getValue().equals("schedule")) {
                    zone = scheduleZone(entry.getValueNode());
                }
            }
        }
        parameters = ParameterValues.bind(declared, variables, problems, zone);
        return convert(root, YamlPath.ROOT);
    }

    private JsonNode convert(Node node, YamlPath path) {
        if (++values > MAX_VALUES) {
            if (values == MAX_VALUES + 1) {
                problems.error(
                        path,
                        "the file expands to more than " + MAX_VALUES + " values",
                        "use fewer aliases (*name) of large anchors");
            }
            return NODES.nullNode();
        }
        map.value(path, position(node.getStartMark()));
        if (!inProgress.add(node)) {
            problems.error(path, "an alias refers to a value that contains it", "remove the recursive alias");
            return NODES.nullNode();
        }
        try {
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar, path);
            } else if (node instanceof SequenceNode sequence) {
                ArrayNode array = NODES.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), path.child(i)));
                }
                return array;
            } else {
                return mapping((MappingNode) node, path);
            }
        } finally {
            inProgress.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode mapping, YamlPath path) {
        ObjectNode object = NODES.objectNode();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merged.addAll(mergedEntries(entry.getValueNode(), path));
                continue;
            }
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problems.add(
                        path,
                        position(keyNode.getStartMark()),
                        "a key must be plain text",
                        "write key: value",
                        Severity.ERROR);
                continue;
            }
            String key = keyScalar.getValue();
            YamlPath child = path.child(key);
            if (object.has(key)) {
                problems.add(
                        child,
                        position(keyNode.getStartMark()),
                        "duplicate key '" + key + "'",
                        "first defined at line " + map.keyAt(child).line() + "; keep one",
                        Severity.ERROR);
                continue;
            }
            map.key(child, position(keyNode.getStartMark()));
            object.set(key, convert(entry.getValueNode(), child));
        }
        // '<<: *defaults' fills in what the mapping does not set itself.
        for (NodeTuple entry : merged) {
            if (entry.getKeyNode() instanceof ScalarNode keyScalar && !object.has(keyScalar.getValue())) {
                YamlPath child = path.child(keyScalar.getValue());
                map.key(child, position(keyScalar.getStartMark()));
                object.set(keyScalar.getValue(), convert(entry.getValueNode(), child));
            }
        }
        return object;
    }

    private List<NodeTuple> mergedEntries(Node value, YamlPath path) {
        List<NodeTuple> entries = new ArrayList<>();
        if (value instanceof MappingNode mapping) {
            entries.addAll(mapping.getValue());
        } else if (value instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            sequence.getValue().forEach(item -> entries.addAll(((MappingNode) item).getValue()));
        } else {
            problems.add(
                    path,
                    position(value.getStartMark()),
                    "'<<' merges a mapping or a list of mappings",
                    "write <<: *anchor",
                    Severity.ERROR);
        }
        return entries;
    }

    /** SnakeYAML's own bounds: size, depth, aliases, and no recursive keys. */
    private static LoaderOptions limits() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CHARACTERS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private JsonNode scalar(ScalarNode scalar, YamlPath path) {
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        if (text.length() > MAX_SCALAR_CHARACTERS) {
            problems.add(
                    path,
                    position(scalar.getStartMark()),
                    "the value has " + text.length() + " characters, more than the " + MAX_SCALAR_CHARACTERS
                            + " one value may have",
                    "shorten it",
                    Severity.ERROR);
            problems.unreadable(path);
            return NODES.textNode("");
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (isParameter(path)) {
            // Declarations are taken as written: no interpolation, and a default of 010 or yes stays that text.
            layout(scalar, path);
            return NODES.textNode(text);
        }
        if (isOtherTarget(path) && !(tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT))) {
            layout(scalar, path);
            CredentialChecks.check(path, text, problems);
            return NODES.textNode(text);
        }
        if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            map.rawScalar(path, text);
            CredentialChecks.check(path, text, problems);
            Object value = scalars.construct(scalar);
            if (value instanceof Boolean b) {
                return NODES.booleanNode(b);
            } else if (value instanceof Integer n) {
                return NODES.numberNode(n);
            } else if (value instanceof Long n) {
                return NODES.numberNode(n);
            } else if (value instanceof BigInteger n) {
                return NODES.numberNode(n);
            } else if (value instanceof Double n) {
                return NODES.numberNode(n);
            }
            return NODES.textNode(text);
        }
        layout(scalar, path);
        CredentialChecks.check(path, text, problems);
        EnvInterpolation.Result result =
                EnvInterpolation.apply(text, parameters::lookup, parameters.secretEnvironment());
        for (EnvInterpolation.Issue issue : result.issues()) {
            problems.error(path, issue.message(), issue.hint());
        }
        if (result.unreadable()) {
            problems.unreadable(path);
        }
        if (result.substituted()) {
            map.interpolated(path);
        }
        CredentialChecks.rememberSecretOption(path, result.value());
        return NODES.textNode(result.value());
    }

    /**
     * The time zone {@code schedule.timezone} names, as written, in which {@code ${run.logical_date}} is a date; UTC
     * when there is none or it is not a zone (the schedule's checks report that).
     */
    private static ZoneId scheduleZone(Node schedule) {
        if (schedule instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key
                        && key.getValue().equals("timezone")
                        && entry.getValueNode() instanceof ScalarNode value) {
                    try {
                        return ZoneId.of(value.getValue());
                    } catch (java.time.DateTimeException e) {
                        return ZoneOffset.UTC;
                    }
                }
            }
        }
        return ZoneOffset.UTC;
    }

    /** Whether the value lies inside the top-level {@code parameters:} mapping. */
    private static boolean isParameter(YamlPath path) {
        return path.elements().size() > 1 && PARAMETERS.equals(path.elements().get(0));
    }

    /** Whether the value lies inside a target other than the chosen one. */
    private boolean isOtherTarget(YamlPath path) {
        List<Object> elements = path.elements();
        return elements.size() > 2
                && TARGETS.equals(elements.get(0))
                && !elements.get(1).equals(target);
    }

    /** Records how a string scalar is laid out, so that a position inside it (a SQL reference) can be reported. */
    private void layout(ScalarNode scalar, YamlPath path) {
        Mark start = scalar.getStartMark();
        Mark end = scalar.getEndMark();
        ScalarStyle style = scalar.getScalarStyle();
        String text = scalar.getValue();
        if (style == ScalarStyle.LITERAL) {
            for (int line = start.getLine() + 1; line < lines.length; line++) {
                String content = lines[line];
                if (!content.isBlank()) {
                    int indent = content.length() - content.stripLeading().length();
                    map.layout(path, Style.LITERAL, indent);
                    return;
                }
            }
        } else if (start.getLine() == end.getLine()) {
            int quotes = style == ScalarStyle.PLAIN ? 0 : 2;
            if (end.getIndex() - start.getIndex() - quotes == text.length()) {
                map.layout(path, Style.INLINE, quotes / 2);
                return;
            }
        }
        map.layout(path, Style.OTHER, 0);
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** snakeyaml's own YAML 1.1 typing of booleans and numbers (hex, octal, '_' separators, .inf). */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            Construct construct = yamlConstructors.get(node.getTag());
            return construct == null ? node.getValue() : construct.construct(node);
        }
    }
}
