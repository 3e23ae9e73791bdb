package dev.strata.core.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secret values this process has resolved, and the one way to mask them: {@link #redact} replaces each with
 * {@value #MASK} in any text about to be shown, logged or stored.
 *
 * <p>The registry is process-wide on purpose: the places that print (the CLI's error handler, log appenders, JSON
 * writers) do not hold the pipeline the secret came from, and a secret of one pipeline is no less secret in the output
 * of another. Values shorter than {@value #MIN_LENGTH} characters are not masked, since masking "1" would rewrite every
 * number printed; use secrets of a realistic length.
 */
public final class Secrets {
    /** What a secret value is replaced with. */
    public static final String MASK = "***";

    /** The shortest value that is masked. */
    public static final int MIN_LENGTH = 4;

    /** The shortest line of a multi-line secret (a PEM key) that is masked on its own. */
    private static final int MIN_LINE_LENGTH = 8;

    private static final Set<String> VALUES = new LinkedHashSet<>();

    /** Longest first, so that a secret containing another is masked whole. */
    private static volatile List<String> masked = List.of();

    private Secrets() {}

    /**
     * Remembers a secret value, so that {@link #redact} masks it from now on: the value itself, its URL-encoded form
     * (as it appears in a JDBC URL) and, for a multi-line value, each of its lines.
     */
    public static void remember(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        synchronized (VALUES) {
            boolean added = VALUES.add(value);
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            added |= VALUES.add(encoded);
            if (value.indexOf('\n') >= 0) {
                for (String line : value.split("\r?\n")) {
                    if (line.strip().length() >= MIN_LINE_LENGTH) {
                        added |= VALUES.add(line.strip());
                    }
                }
            }
            if (added) {
                List<String> sorted = new ArrayList<>(VALUES);
                sorted.sort(Comparator.comparingInt(String::length).reversed());
                masked = List.copyOf(sorted);
            }
        }
    }

    /** The text with every remembered secret value replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        List<String> values = masked;
        if (text == null || values.isEmpty() || text.length() < MIN_LENGTH) {
            return text;
        }
        String result = text;
        for (String value : values) {
            if (result.contains(value)) {
                result = result.replace(value, MASK);
            }
        }
        return result;
    }

    /** Whether any secret has been remembered; when none has, {@link #redact} returns its argument. */
    public static boolean any() {
        return !masked.isEmpty();
    }
}
