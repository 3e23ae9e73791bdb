package dev.strata.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The locations a server-started run may read and write: local folders, compared by their real path (symbolic links
 * resolved, so a link inside a root cannot lead out of it), and URIs ({@code s3a://bucket/path}, {@code
 * abfss://container@account.dfs.core.windows.net/path}, {@code gs://…}, {@code wasb://…}), compared by scheme,
 * authority and path. A location is allowed when it lies under one of the roots; a location with a {@code ..} segment
 * never is.
 */
public final class AllowedRoots {
    private static final AllowedRoots ANY = new AllowedRoots(null);

    /** A URI with a scheme; a one-letter "scheme" would be a Windows drive. */
    private static final Pattern URI_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    /** Option keys whose values are locations: path, paths, basePath, checkpointLocation, ssl.truststore.location… */
    private static final Pattern LOCATION_KEY = Pattern.compile("(?i).*(path|paths|location|dir|warehouse)");

    /** {@code ..} as a path segment, or as one alternative of a glob's {@code {a,b}}. */
    private static final Pattern PARENT_SEGMENT = Pattern.compile("(^|[/\\\\{,])\\.\\.($|[/\\\\},])");

    private final List<String> written;
    private final List<Location> roots;

    private AllowedRoots(List<String> written) {
        this.written = written == null ? null : List.copyOf(written);
        this.roots = written == null
                ? List.of()
                : written.stream().map(AllowedRoots::root).toList();
    }

    /** No restriction: every location is allowed (CLI runs). */
    public static AllowedRoots any() {
        return ANY;
    }

    /** Only locations under one of {@code roots}; relative local roots resolve against the working directory. */
    public static AllowedRoots of(List<String> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one allowed root is needed");
        }
        return new AllowedRoots(roots);
    }

    /** Whether every location is allowed. */
    public boolean isAny() {
        return written == null;
    }

    /** The roots as given. */
    public List<String> roots() {
        return written == null ? List.of() : written;
    }

    /**
     * Why {@code location} is not allowed, e.g. {@code it is outside the allowed roots (/srv/lake)}, or empty when it
     * lies under a root. A relative local location resolves against the working directory.
     */
    public Optional<String> violation(String location) {
        if (isAny()) {
            return Optional.empty();
        }
        if (PARENT_SEGMENT.matcher(location).find()) {
            return Optional.of("it has a '..' segment, which is never allowed");
        }
        Location resolved;
        try {
            resolved = parse(location);
        } catch (IOException e) {
            return Optional.of("it cannot be resolved (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        for (Location root : roots) {
            if (resolved.isUnder(root)) {
                return Optional.empty();
            }
        }
        String outside = "outside the allowed roots (" + String.join(", ", written) + ")";
        if (resolved.local() != null && !resolved.local().equals(resolved.lexical())) {
            return Optional.of("it resolves to '" + resolved.local() + "' through a symbolic link, " + outside);
        }
        return Optional.of("it is " + outside);
    }

    /** A location a pipeline names, and the keys of the field that names it, e.g. [sources, orders, path]. */
    public record NamedLocation(List<String> field, String location) {
        public NamedLocation {
            field = List.copyOf(field);
        }

        /** The field as a message names it: {@code sources.orders.path}. */
        public String path() {
            return String.join(".", field);
        }
    }

    /**
     * Every location a pipeline names: {@code storage.root}, the Iceberg catalog's warehouse, source paths, and
     * options whose key names a location ({@code path}, {@code checkpointLocation},
     * {@code kafka.ssl.truststore.location}, …).
     */
    public static List<NamedLocation> locations(PipelineSpec spec) {
        List<NamedLocation> locations = new ArrayList<>();
        StorageSpec storage = spec.storage();
        locations.add(new NamedLocation(List.of("storage", "root"), storage.root()));
        IcebergCatalogSpec iceberg = storage.iceberg();
        if (iceberg.warehouse() != null && iceberg.type() != IcebergCatalogSpec.Type.REST) {
            // A REST catalog's warehouse names one of the server's warehouses, not a location.
            locations.add(new NamedLocation(List.of("storage", "iceberg", "warehouse"), iceberg.warehouse()));
        }
        options(List.of("storage", "iceberg", "options"), iceberg.options(), locations);
        spec.sources().forEach((name, source) -> {
            if (source.path() != null) {
                locations.add(new NamedLocation(List.of("sources", name, "path"), source.path()));
            }
            options(List.of("sources", name, "options"), source.options(), locations);
        });
        spec.datasets()
                .forEach((name, dataset) -> options(
                        List.of("datasets", name, "write", "options"),
                        dataset.write().options(),
                        locations));
        return locations;
    }

    private static void options(List<String> at, Map<String, String> options, List<NamedLocation> locations) {
        options.forEach((key, value) -> {
            if (value != null && LOCATION_KEY.matcher(key).matches()) {
                List<String> field = new ArrayList<>(at);
                field.add(key);
                // paths may list several, as "a,b" or ["a","b"]
                Arrays.stream(value.split(","))
                        .map(part -> part.replaceAll("^[\\s\\[\"']+|[\\s\\]\"']+$", ""))
                        .filter(part -> !part.isEmpty())
                        .forEach(part -> locations.add(new NamedLocation(field, part)));
            }
        });
    }

    @Override
    public String toString() {
        return isAny() ? "any location" : String.join(", ", written);
    }

    // ---- locations ----

    /**
     * A location made comparable: a local one by its real path ({@code local}), a URI by its lower-cased scheme and
     * authority and its path segments.
     */
    private record Location(Path local, Path lexical, String scheme, String authority, List<String> segments) {
        boolean isUnder(Location root) {
            if (local != null || root.local != null) {
                return local != null && root.local != null && local.startsWith(root.local);
            }
            return scheme.equals(root.scheme)
                    && authority.equals(root.authority)
                    && segments.size() >= root.segments.size()
                    && segments.subList(0, root.segments.size()).equals(root.segments);
        }
    }

    private static Location root(String root) {
        try {
            return parse(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot resolve allowed root '" + root + "': " + e.getMessage(), e);
        }
    }

    private static Location parse(String location) throws IOException {
        var scheme = URI_SCHEME.matcher(location);
        if (!scheme.find()) {
            return local(Path.of(location));
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        String rest = location.substring(scheme.end());
        if (name.equals("file")) {
            // file:/x, file:///x and file://localhost/x name the local /x.
            String path = rest.replaceFirst("^//(localhost)?(?=/)", "");
            return local(Path.of(path.isEmpty() ? "/" : path));
        }
        String authority = "";
        String path = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            path = slash < 0 ? "" : rest.substring(slash);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new Location(null, null, name, authority.toLowerCase(Locale.ROOT), List.copyOf(segments));
    }

    private static Location local(Path path) throws IOException {
        Path lexical = path.toAbsolutePath().normalize();
        return new Location(realPath(lexical), lexical, null, null, null);
    }

    /**
     * The real path of a local location that may not exist yet: the deepest part that exists (a dangling link
     * included) with its links resolved, then the rest as written.
     */
    private static Path realPath(Path absolute) throws IOException {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return existing.toRealPath().resolve(existing.relativize(absolute));
    }
}
