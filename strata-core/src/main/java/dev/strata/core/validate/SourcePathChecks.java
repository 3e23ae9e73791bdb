package dev.strata.core.validate;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.trigger.FileListing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sources whose local path does not exist, or whose folder holds no data file: warnings, not errors, since the data
 * may land before the run. A run would read nothing from them, and the datasets built on them would not exist. Only
 * local paths ({@code /…}, {@code file:}) are looked at; an object store's path ({@code s3a://}, {@code abfss://}, …)
 * would need its credentials and a request, and is left to the run.
 */
public final class SourcePathChecks {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private SourcePathChecks() {}

    /** One located warning per source whose path is missing or holds no data file; none when all can be read. */
    public static List<Problem> check(Pipeline pipeline) {
        List<Problem> warnings = new ArrayList<>();
        for (Map.Entry<String, SourceSpec> entry : pipeline.spec().sources().entrySet()) {
            SourceSpec source = entry.getValue();
            Path local = local(source.path());
            if (local == null) {
                continue;
            }
            String readers = readers(pipeline, entry.getKey());
            List<Object> field = List.of("sources", entry.getKey(), "path");
            Path folder = literalFolder(local);
            if (!Files.exists(folder)) {
                warnings.add(PipelineProblems.warning(
                        pipeline,
                        field,
                        folder.equals(local)
                                ? "source path " + local + " does not exist"
                                : "source path " + local + ": its folder " + folder + " does not exist",
                        "create it, or correct the path (relative paths resolve against the pipeline file's folder)"
                                + readers));
            } else if (folder.equals(local) && source.format().isFileBased() && Files.isDirectory(local)) {
                boolean empty;
                try {
                    empty = !FileListing.holdsData(local);
                } catch (IOException e) {
                    continue; // the run reports what it cannot list
                }
                if (empty) {
                    warnings.add(PipelineProblems.warning(
                            pipeline,
                            field,
                            "source folder " + local + " holds no data file",
                            "put the " + source.format().id() + " files there, or correct the path" + readers));
                }
            }
        }
        return warnings;
    }

    /** The local path a source reads, or null for one that is not local (an object store, a topic, a JDBC table). */
    private static Path local(String location) {
        if (location == null) {
            return null;
        }
        if (location.startsWith("file:")) {
            try {
                return Path.of(URI.create(location));
            } catch (IllegalArgumentException e) {
                return Path.of(location.substring("file:".length()));
            }
        }
        return SCHEME.matcher(location).find() ? null : Path.of(location);
    }

    /** A glob's folder up to its first pattern character; the path itself when it has none. */
    private static Path literalFolder(Path path) {
        Path literal = path.getRoot();
        for (Path part : path) {
            if (GLOB.matcher(part.toString()).find()) {
                return literal;
            }
            literal = literal == null ? part : literal.resolve(part);
        }
        return path;
    }

    /** "; until then bronze.orders reads nothing", naming the datasets that read the source; empty when none does. */
    private static String readers(Pipeline pipeline, String source) {
        List<String> names = pipeline.spec().datasets().entrySet().stream()
                .filter(dataset -> source.equals(dataset.getValue().from()))
                .map(Map.Entry::getKey)
                .toList();
        if (names.isEmpty()) {
            return "";
        }
        return "; until then " + String.join(" and ", names) + (names.size() == 1 ? " reads" : " read") + " nothing";
    }
}
