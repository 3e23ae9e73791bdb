package dev.strata.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes docs/configuration.md from {@link StrataConfig}: one table per section. Run it after changing a declaration:
 * {@code java -cp strata-core/target/classes dev.strata.core.config.ConfigurationDocs docs/configuration.md}.
 */
public final class ConfigurationDocs {
    /** How to regenerate the file, for the test that holds it to the declarations. */
    public static final String REGENERATE = "mvn -o -q -pl strata-core compile && java -cp strata-core/target/classes"
            + " dev.strata.core.config.ConfigurationDocs docs/configuration.md";

    private ConfigurationDocs() {}

    /** Writes the reference to the file {@code args[0]}, or prints it. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(markdown());
        } else {
            Files.writeString(Path.of(args[0]), markdown(), StandardCharsets.UTF_8);
        }
    }

    /** The whole reference. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration\n\n")
                .append("<!-- Generated from dev.strata.core.config.StrataConfig; do not edit. Regenerate with:\n")
                .append("     ")
                .append(REGENERATE)
                .append(" -->\n\n")
                .append(
                        "Every environment variable and system property (`-Dname`) Strata reads. A blank value counts as"
                                + " unset. Every\nbad value is reported at once, and a secret's value is never shown: it reads"
                                + " `***` in messages.\n")
                .append("*Runs* says what a run started by `strata serve` sees of a setting: the server builds each"
                        + " run's environment\nfrom an allow-list, and passes nothing else (docs/security.md).\n");
        for (StrataConfig.Section section : StrataConfig.SECTIONS) {
            out.append("\n## ").append(section.title()).append("\n\n");
            out.append("| Name | Type | Default | Secret | Runs | Read by | Description |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (Setting<?> setting : section.settings()) {
                out.append("| `")
                        .append(setting.displayName())
                        .append("` | ")
                        .append(setting.type().name())
                        .append(" | ")
                        .append(defaultText(setting))
                        .append(" | ")
                        .append(setting.secret() ? "yes" : "")
                        .append(" | ")
                        .append(
                                setting.origin() == Setting.Origin.SYSTEM_PROPERTY
                                        ? "a JVM property"
                                        : setting.runs().description())
                        .append(" | ")
                        .append(setting.readBy().stream()
                                .sorted()
                                .map(Part::label)
                                .collect(Collectors.joining(", ")))
                        .append(" | ")
                        .append(setting.documentation().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String defaultText(Setting<?> setting) {
        if (setting.defaultDescription() != null) {
            return setting.defaultDescription();
        }
        return setting.defaultValue() == null ? "unset" : "`" + setting.defaultValue() + "`";
    }
}
