package dev.strata.core.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TargetSpec;
import dev.strata.core.spec.Variables;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a pipeline file into a {@link Pipeline}: YAML with positions, environment interpolation, the JSON Schema,
 * binding to the spec records, semantic checks and path resolution. Every problem is collected, and all of them are
 * thrown at once in a {@link PipelineValidationException}, sorted by position.
 */
public final class PipelineLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A URI with a scheme (s3a://, abfss://, file:/…); a one-letter "scheme" would be a Windows drive. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private PipelineLoader() {}

    /** Loads a pipeline file, interpolating {@code ${VAR}} from the process environment. */
    public static Pipeline load(Path file) {
        return load(file, file);
    }

    /**
     * Loads a pipeline file as if it were {@code asFile}: relative paths resolve against the folder of {@code asFile}
     * (a server runs a stored copy of a pipeline as if it lay where it was registered).
     */
    public static Pipeline load(Path file, Path asFile) {
        return load(file, asFile, Variables.environment(System.getenv()), AllowedRoots.any());
    }

    /**
     * Loads a pipeline file as if it were {@code asFile}, filling in {@code ${NAME}} from {@code variables}, and
     * refusing any location (storage root, source path, …) outside {@code roots}.
     */
    public static Pipeline load(Path file, Path asFile, Variables variables, AllowedRoots roots) {
        return load(file, asFile, variables, roots, null);
    }

    /**
     * Loads a pipeline file as {@link #load(Path, Path, Variables, AllowedRoots)} does, for {@code target} (null:
     * none): a target of the file's {@code targets:} section or of the {@code strata.yaml} beside {@code asFile},
     * whose storage replaces the pipeline's.
     */
    public static Pipeline load(Path file, Path asFile, Variables variables, AllowedRoots roots, String target) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file", "check the path");
        } catch (AccessDeniedException e) {
            throw unreadable(file, "permission denied", "check the file's permissions");
        } catch (CharacterCodingException e) {
            throw unreadable(file, "not UTF-8 text", "save the file as UTF-8");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "it is a folder" : String.valueOf(e.getMessage());
            throw unreadable(file, reason, "pass the path of a .yaml file");
        }
        return parse(text, asFile, variables, roots, target);
    }

    /**
     * Parses pipeline text as if it were {@code file}, which need not exist; relative paths resolve against the
     * folder of {@code file}. {@code ${VAR}} takes its value from {@code env}, or a declared parameter's default.
     */
    public static Pipeline parse(String yamlText, Path file, Map<String, String> env) {
        return parse(yamlText, file, Variables.environment(env), AllowedRoots.any());
    }

    /**
     * Parses pipeline text as if it were {@code file}, filling in {@code ${NAME}} from {@code variables}, and
     * refusing any location outside {@code roots}.
     */
    public static Pipeline parse(String yamlText, Path file, Variables variables, AllowedRoots roots) {
        return parse(yamlText, file, variables, roots, null);
    }

    /**
     * Parses pipeline text as {@link #parse(String, Path, Variables, AllowedRoots)} does, for {@code target} (null:
     * none), which the file's {@code targets:} section or the {@code strata.yaml} beside {@code file} defines.
     */
    public static Pipeline parse(String yamlText, Path file, Variables variables, AllowedRoots roots, String target) {
        SourceMap map = new SourceMap();
        Problems problems = new Problems(file.toString(), map);
        JsonNode root = YamlReader.read(yamlText, problems, variables, target);
        if (root == null) {
            throw new PipelineValidationException(problems.errors());
        }
        ProjectFile project = ProjectFile.beside(file, variables, target);
        Set<YamlPath> rejected = SchemaCheck.validate(root, problems);
        SpecChecks.run(root, withoutParts(root, rejected), rejected, problems, MAPPER);
        TargetChecks.checkValues(root.path("targets"), problems);
        TargetChecks.checkChoice(root.path("targets"), project, target, problems);

        List<Problem> errors = concat(problems.errors(), project.errors());
        List<Problem> warnings = concat(problems.warnings(), project.warnings());
        if (!errors.isEmpty()) {
            throw new PipelineValidationException(errors, warnings);
        }
        PipelineSpec spec;
        try {
            spec = MAPPER.treeToValue(root, PipelineSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw PipelineValidationException.of(
                    new Problem(file.toString(), 1, 1, "", "cannot read the pipeline: " + e.getMessage(), null));
        }
        Map<String, TargetSpec> targets = new LinkedHashMap<>(spec.targets());
        targets.putAll(project.targets(MAPPER));
        StorageSpec storage =
                target == null ? spec.storage() : targets.get(target).applyTo(spec.storage());
        Path absolute = file.toAbsolutePath().normalize();
        PipelineSpec resolved = resolvePaths(spec.with(storage, targets), absolute.getParent());
        checkLocations(resolved, roots, problems);
        if (!problems.errors().isEmpty()) {
            throw new PipelineValidationException(problems.errors(), warnings);
        }
        return new Pipeline(absolute, resolved, warnings, target);
    }

    private static List<Problem> concat(List<Problem> first, List<Problem> second) {
        return second.isEmpty()
                ? first
                : Stream.concat(first.stream(), second.stream()).toList();
    }

    /** Reports every location of the spec that lies outside the allowed roots, at the field that names it. */
    private static void checkLocations(PipelineSpec spec, AllowedRoots roots, Problems problems) {
        if (roots.isAny()) {
            return;
        }
        for (AllowedRoots.NamedLocation named : AllowedRoots.locations(spec)) {
            roots.violation(named.location())
                    .ifPresent(reason -> problems.error(
                            new YamlPath(List.<Object>copyOf(named.field())),
                            "Cannot use '" + named.location() + "' in a server run: " + reason,
                            "a server run reads and writes only under its allowed roots"));
        }
    }

    /**
     * A copy of the tree without the parts the schema rejected, so that the rest can still be bound and checked. A
     * rejected mapping inside a list (a rule, a step) stays, so indexes keep their meaning; the checks skip it.
     */
    private static JsonNode withoutParts(JsonNode root, Set<YamlPath> rejected) {
        JsonNode copy = root.deepCopy();
        for (YamlPath path : rejected) {
            if (path.last() instanceof String key && nodeAt(copy, path.parent()) instanceof ObjectNode parent) {
                parent.remove(key);
            }
        }
        return copy;
    }

    private static JsonNode nodeAt(JsonNode root, YamlPath path) {
        JsonNode node = root;
        for (Object element : path.elements()) {
            node = element instanceof Integer index ? node.path(index) : node.path((String) element);
        }
        return node;
    }

    /** The spec with a relative {@code storage.root} and source paths made absolute against {@code baseDir}. */
    static PipelineSpec resolvePaths(PipelineSpec spec, Path baseDir) {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        spec.sources()
                .forEach((name, source) -> sources.put(
                        name, source.path() == null ? source : source.withPath(resolve(source.path(), baseDir))));
        return new PipelineSpec(
                spec.name(),
                spec.storage().withRoot(resolve(spec.storage().root(), baseDir)),
                sources,
                spec.datasets(),
                spec.schedule(),
                spec.timeout(),
                spec.triggers(),
                spec.parameters(),
                spec.defaults(),
                spec.targets(),
                spec.maxParallel());
    }

    /** A location made absolute and normalized, unless it is a URI with a scheme (kept as written). */
    static String resolve(String location, Path baseDir) {
        if (URI_SCHEME.matcher(location).find()) {
            return location;
        }
        return baseDir.resolve(location).normalize().toString();
    }

    private static PipelineValidationException unreadable(Path file, String reason, String hint) {
        return PipelineValidationException.of(
                new Problem(file.toString(), 1, 1, "", "Cannot read pipeline file: " + reason, hint));
    }
}
