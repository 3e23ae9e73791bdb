package dev.strata.core.quality.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * uPlot, the chart library the quality report inlines so that the page opens offline: its script, its style and its
 * MIT licence, read from its webjar ({@code org.webjars.npm:uplot}) on the class path.
 */
record UPlot(String version, String script, String style, String licence) {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    /** The webjar's uPlot, read once. */
    static final UPlot BUNDLED = load();

    private static UPlot load() {
        Properties properties = new Properties();
        try (InputStream in = resource(PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROPERTIES, e);
        }
        String version = properties.getProperty("version");
        String script = text(WEBJAR + version + "/dist/uPlot.iife.min.js");
        if (script.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("Cannot inline uPlot " + version + ": its script contains </script");
        }
        return new UPlot(
                version, script, text(WEBJAR + version + "/dist/uPlot.min.css"), text(WEBJAR + version + "/LICENSE"));
    }

    private static String text(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = UPlot.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Cannot render the quality report's charts: " + name
                    + " is not on the class path" + " (strata-core needs org.webjars.npm:uplot)");
        }
        return in;
    }
}
