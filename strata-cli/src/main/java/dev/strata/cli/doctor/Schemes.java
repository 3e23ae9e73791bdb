package dev.strata.cli.doctor;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scheme of a storage root: {@code file} for a local path, else the URI's, lower-case. */
final class Schemes {
    /** As the pipeline loader tells a URI from a path: a scheme of two or more characters (not a drive letter). */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private Schemes() {}

    static String of(String root) {
        Matcher scheme = SCHEME.matcher(root);
        return scheme.find() ? scheme.group(1).toLowerCase(Locale.ROOT) : "file";
    }

    /** A local root as a path: a plain path, or a {@code file:} URI. */
    static Path localPath(String root) {
        return SCHEME.matcher(root).find() ? Path.of(URI.create(root)) : Path.of(root);
    }
}
