package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.validate.PipelineSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata init DIR}: a new project that runs at once: a pipeline over a small batch of orders written with it,
 * the targets dev and prod in {@code strata.yaml}, a {@code .gitignore}, and the pipeline's JSON Schema wired into
 * the editor's settings (a copy in the project, so that it works offline).
 */
@Command(
        name = "init",
        description = "Create a new project in DIR: a pipeline that runs at once on the data it comes with, targets"
                + " dev and prod (strata.yaml), a .gitignore and the JSON Schema for editors.")
final class InitCommand implements Callable<Integer> {
    /** Where the project's schema copy lies; the pipeline's modeline and the editor settings point at it. */
    static final String SCHEMA_FILE = ".strata/pipeline.schema.json";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    @Parameters(paramLabel = "DIR", description = "The project folder; created if missing, and must be empty.")
    Path dir;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The pipeline's name (letters, digits, '_' and '-'); default: the folder's name.")
    String name;

    @Option(
            names = "--force",
            description = "Write into a folder that is not empty, replacing the files strata init writes (others are"
                    + " left as they are).")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String pipelineName = pipelineName();
        if (!force && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot create a project in " + dir + ": the folder is not empty (choose a new or empty folder,"
                            + " or pass --force to write the project's files into it)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot create a project in " + dir + ": it is a file (choose a folder)");
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files(pipelineName).entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            written.add(dir.relativize(target));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created project " + pipelineName + " in " + dir + ":");
        written.forEach(file -> out.println("  " + file));
        out.println();
        out.println("Next:");
        out.println("  cd " + dir);
        out.println("  strata validate pipeline.yaml");
        out.println("  strata run pipeline.yaml --target dev");
        return 0;
    }

    /** The project's files by relative path, in the order they are written. */
    static Map<String, String> files(String pipelineName) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pipeline.yaml", template("pipeline.yaml").replace("{{name}}", pipelineName));
        files.put("strata.yaml", template("strata.yaml"));
        files.put("data/orders/orders-001.csv", template("orders-001.csv"));
        files.put(".gitignore", template("gitignore"));
        files.put(SCHEMA_FILE, PipelineSchema.bundled());
        files.put(".vscode/settings.json", template("vscode-settings.json"));
        files.put("README.md", template("README.md").replace("{{name}}", pipelineName));
        return files;
    }

    private String pipelineName() {
        String candidate = name != null
                ? name
                : dir.toAbsolutePath().normalize().getFileName().toString();
        if (NAME.matcher(candidate).matches()) {
            return candidate;
        }
        if (name != null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot name the pipeline '" + name + "': a name has letters, digits, '_' and '-' only (e.g. "
                            + suggestedName(name) + ")");
        }
        return suggestedName(candidate);
    }

    private static String suggestedName(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        return cleaned.isEmpty() ? "pipeline" : cleaned.toLowerCase(Locale.ROOT);
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String template(String name) {
        try (InputStream in = InitCommand.class.getResourceAsStream("init/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The project template " + name + " is missing from the CLI's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
