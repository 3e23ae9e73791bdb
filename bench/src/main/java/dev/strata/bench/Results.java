package dev.strata.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A benchmark's results: {@code bench/results/NAME.json} with every number, and {@code NAME.md} with its table. */
final class Results {
    private static final Path FOLDER = Path.of("bench", "results");

    private Results() {}

    /** Writes both files and says where they are. */
    static void write(String name, Map<String, Object> json, String markdown) throws IOException {
        Files.createDirectories(FOLDER);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(FOLDER.resolve(name + ".json").toFile(), json);
        Files.writeString(FOLDER.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
        System.out.println("results: bench/results/" + name + ".json and .md");
    }

    /** Seconds as a table shows them: {@code 7.91}. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    /** A ratio as a table shows it: {@code 1.115}. */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.3f", ratio);
    }

    /** The rounds' seconds as {@code 0.58, 0.53, 0.57}. */
    static String perRound(List<Double> seconds) {
        return String.join(", ", seconds.stream().map(Results::seconds).toList());
    }

    /** A Markdown table: a header row, its rule, and rows; an empty cell is one space between its bars. */
    static final class Table {
        private final List<String> lines = new ArrayList<>();

        Table(String... headers) {
            lines.add(row(List.of(headers)));
            lines.add("|---".repeat(headers.length) + "|");
        }

        /** Adds a row of cells, each already formatted. */
        Table row(Object... cells) {
            lines.add(row(java.util.Arrays.stream(cells).map(String::valueOf).toList()));
            return this;
        }

        private static String row(List<String> cells) {
            StringBuilder line = new StringBuilder("|");
            for (String cell : cells) {
                line.append(cell.isEmpty() ? " " : " " + cell + " ").append('|');
            }
            return line.toString();
        }

        @Override
        public String toString() {
            return String.join(System.lineSeparator(), lines) + System.lineSeparator();
        }
    }
}
