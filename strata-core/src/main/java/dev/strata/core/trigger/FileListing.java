package dev.strata.core.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a {@code files:} trigger sees under a local folder: the engine's own rule of what is data (its {@code
 * SourceFiles} on Hadoop, which the server cannot load), applied to java.nio: names starting with {@code _} or {@code
 * .}, {@code .crc} files, and files in hidden folders below the root are not data. Paths are written as Hadoop writes
 * local ones ({@code file:/abs/path}), so they compare equal to the files the engine's ledger records.
 */
public final class FileListing {
    /** A listing stops here: a folder with more files than this is not a landing folder. */
    public static final int MAX_FILES = 100_000;

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private FileListing() {}

    /** What is wrong with a watched path as written, or empty: only local folders can be watched. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("empty path");
        }
        if (SCHEME.matcher(path).matches() && !path.startsWith("file:")) {
            return Optional.of(
                    "files triggers watch local folders, not " + path.substring(0, path.indexOf(':')) + ": paths");
        }
        return Optional.empty();
    }

    /** The folder {@code path} names, relative paths against {@code baseDir}. */
    public static Path folder(String path, Path baseDir) {
        String local = path.startsWith("file:") ? path.substring("file:".length()) : path;
        return baseDir.resolve(local).toAbsolutePath().normalize();
    }

    /**
     * The visible files under {@code folder} whose names match {@code pattern} (a glob; null: every file), sorted, as
     * {@code file:/…}; none when the folder does not exist yet.
     */
    public static List<String> list(Path folder, String pattern) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        PathMatcher names = pattern == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> visible(folder, file))
                    .filter(file -> names == null || names.matches(file.getFileName()))
                    .limit(MAX_FILES)
                    .forEach(file -> files.add("file:" + file.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
        files.sort(null);
        return files;
    }

    /** Whether {@code folder} holds a visible file, at any depth; the walk stops at the first. */
    public static boolean holdsData(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.anyMatch(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && visible(folder, file));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean visible(Path root, Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith("_") || name.startsWith(".") || name.endsWith(".crc")) {
            return false;
        }
        Path relative = root.relativize(file.getParent() == null ? root : file.getParent());
        for (Path part : relative) {
            String dir = part.toString();
            if (dir.startsWith(".") || (dir.startsWith("_") && !dir.contains("="))) {
                return false;
            }
        }
        return true;
    }
}
