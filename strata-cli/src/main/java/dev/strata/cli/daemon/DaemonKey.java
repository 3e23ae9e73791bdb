package dev.strata.cli.daemon;

import static dev.strata.core.config.LauncherConfig.TERMINAL_COLUMNS;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which daemon serves a command: one per pipeline folder, working folder, build of the CLI (its jars' names, sizes and
 * times), Spark master and environment. The environment enters only as a hash, since it may hold secrets.
 *
 * @param id the hex digest of all of it, which names the daemon's socket
 * @param pipelineDirectory the canonical folder of the pipeline file
 * @param fingerprint the digest of the class path the daemon runs from: a new build makes a new daemon
 */
public record DaemonKey(String id, Path pipelineDirectory, String fingerprint) {
    /** Variables a shell or terminal changes as it goes, which change nothing a command does. */
    private static final List<String> VOLATILE_PREFIXES = List.of("TERM", "TMUX", "SSH_");

    private static final List<String> VOLATILE_NAMES =
            List.of("PWD", "OLDPWD", "SHLVL", "_", TERMINAL_COLUMNS.name(), "LINES", "WINDOWID", "COLORTERM");

    public DaemonKey {
        if (!id.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a daemon key is 32 hex digits: " + id);
        }
    }

    /** The key of a command on the pipeline in {@code pipelineDirectory}, run from {@code workingDirectory}. */
    public static DaemonKey of(
            Path pipelineDirectory,
            Path workingDirectory,
            String fingerprint,
            String master,
            Map<String, String> environment) {
        String id = digest(String.join(
                        "\0",
                        pipelineDirectory.toString(),
                        workingDirectory.toString(),
                        fingerprint,
                        master,
                        environmentDigest(environment)))
                .substring(0, 32);
        return new DaemonKey(id, pipelineDirectory, fingerprint);
    }

    /** Whether {@code name} is a variable the shell or terminal keeps changing (not in the key). */
    static boolean isVolatile(String name) {
        return VOLATILE_NAMES.contains(name) || VOLATILE_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** A digest of every variable that is not volatile, in name order. */
    static String environmentDigest(Map<String, String> environment) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!isVolatile(name)) {
                text.append(name).append('=').append(value).append('\0');
            }
        });
        return digest(text.toString());
    }

    /**
     * The digest of a class path's entries: each jar's name, size and modification time; for a folder of classes, the
     * same of every file in it. A rebuilt or replaced jar changes it.
     */
    public static String fingerprint(String classPath) {
        StringBuilder text = new StringBuilder();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile).sorted().forEach(file -> describe(file, text));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                describe(path, text);
            }
        }
        return digest(text.toString());
    }

    private static void describe(Path file, StringBuilder into) {
        into.append(file).append('\0');
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            into.append(attributes.size())
                    .append('\0')
                    .append(attributes.lastModifiedTime().toMillis())
                    .append('\n');
        } catch (IOException e) {
            into.append("missing\n"); // a missing entry is part of what the JVM was started with, too
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
