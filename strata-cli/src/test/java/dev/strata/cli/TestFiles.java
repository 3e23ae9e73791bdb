package dev.strata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Files for the CLI's tests. */
final class TestFiles {
    private TestFiles() {}

    /** Copies the folder {@code from}, with everything under it, to {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * A pipeline {@code name}.yaml in {@code dir} with its data: two people in, a bronze and a silver dataset, the
     * silver one pausing {@code --param PAUSE_MS} per row (none by default), which lets a test act while a run is in
     * the middle of a dataset. {@code reflect} gives the string 'null' for a void method, so the filter keeps every row.
     */
    static Path pausingPipeline(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                parameters:
                  PAUSE_MS: {type: int, default: 0}
                storage: {root: ./lake, format: json}
                sources:
                  people: {format: csv, path: data/people/, options: {header: "true"}, schema: "id INT, name STRING"}
                datasets:
                  bronze.people: {from: people}
                  silver.people:
                    from: bronze.people
                    transform:
                      - filter: "reflect('java.lang.Thread', 'sleep', CAST(${PAUSE_MS} AS BIGINT)) IS NOT NULL"
                """.formatted(name), StandardCharsets.UTF_8);
        Path data = dir.resolve("data/people/people.csv");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "id,name\n1,ada\n2,bob\n", StandardCharsets.UTF_8);
        return file;
    }
}
