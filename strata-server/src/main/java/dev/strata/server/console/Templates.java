package dev.strata.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The console's jte templates ({@code src/main/jte}), compiled to classes at build time by jte-maven-plugin: rendering
 * needs no compiler, and every value a template prints is HTML-escaped for where it is printed.
 */
public final class Templates {
    /** htmx and uPlot, from their webjars (versions as in the POM); served by the server, so the console works offline. */
    public static final String HTMX_JS = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    public static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    public static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {}

    /** Renders template {@code name} (e.g. {@code "run.jte"}) with {@code parameters} by their {@code @param} names. */
    public static String render(String name, Map<String, Object> parameters) {
        StringOutput output = new StringOutput();
        ENGINE.render(name, parameters, output);
        return output.toString();
    }
}
