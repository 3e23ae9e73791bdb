package dev.strata.core.config;

import static dev.strata.core.config.Part.ENGINE;

import java.time.Duration;
import java.util.List;

/**
 * Where a run sends its OpenLineage events (docs/events.md, "Lineage (OpenLineage)"). Nothing is sent, and nothing is
 * computed for lineage, unless a transport is configured. The names follow OpenLineage's own where it has them, so a
 * Marquez or DataHub setup reads the same; a server-started run inherits them all from the server.
 */
public final class LineageConfig {
    public static final Setting<String> TRANSPORT = Setting.env(
                    "STRATA_LINEAGE_TRANSPORT", SettingType.oneOf("http", "kafka", "file", "none"), ENGINE)
            .computedDefault("`http` when `OPENLINEAGE_URL` is set, else `none`")
            .runs(RunAccess.INHERITED)
            .doc("Where OpenLineage events go: `http`, `kafka`, `file` or `none` (nothing is computed nor sent).");
    public static final Setting<String> URL = Setting.env("OPENLINEAGE_URL", SettingType.TEXT, ENGINE)
            .runs(RunAccess.INHERITED)
            .check(LineageConfig::isHttpUrl, "an http:// or https:// URL, e.g. http://marquez:5000")
            .doc("The `http` transport: the lineage server's base URL, e.g. Marquez's `http://marquez:5000`.");
    public static final Setting<String> ENDPOINT = Setting.env("OPENLINEAGE_ENDPOINT", SettingType.TEXT, ENGINE)
            .defaultValue("/api/v1/lineage")
            .runs(RunAccess.INHERITED)
            .check(path -> path.startsWith("/"), "a path starting with /, e.g. /api/v1/lineage")
            .doc("The `http` transport: the path events are POSTed to (Marquez's is the default).");
    public static final Setting<String> API_KEY = Setting.env("OPENLINEAGE_API_KEY", SettingType.STRING, ENGINE)
            .asSecret()
            .runs(RunAccess.INHERITED)
            .doc("The `http` transport: sent as `Authorization: Bearer …` when set.");
    public static final Setting<String> NAMESPACE = Setting.env("OPENLINEAGE_NAMESPACE", SettingType.TEXT, ENGINE)
            .defaultValue("strata")
            .runs(RunAccess.INHERITED)
            .doc("The namespace of the jobs (pipelines and their datasets) the events name.");
    public static final Setting<String> FILE = Setting.env("STRATA_LINEAGE_FILE", SettingType.TEXT, ENGINE)
            .runs(RunAccess.INHERITED)
            .doc("The `file` transport: the file events are appended to, one JSON event per line.");
    public static final Setting<String> KAFKA_TOPIC = Setting.env(
                    "STRATA_LINEAGE_KAFKA_TOPIC", SettingType.TEXT, ENGINE)
            .defaultValue("openlineage.events")
            .runs(RunAccess.INHERITED)
            .doc("The `kafka` transport: the topic; the key is the job's namespace and name.");
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.env(
                    "STRATA_LINEAGE_KAFKA_BOOTSTRAP_SERVERS", SettingType.TEXT, ENGINE)
            .computedDefault("`KAFKA_BOOTSTRAP_SERVERS`")
            .runs(RunAccess.INHERITED)
            .doc("The `kafka` transport: the brokers, `host:port,…`.");
    public static final Setting<Duration> TIMEOUT = Setting.env("STRATA_LINEAGE_TIMEOUT", SettingType.DURATION, ENGINE)
            .defaultValue("5s")
            .runs(RunAccess.INHERITED)
            .check(d -> !d.isZero(), "a duration of at least 1s, e.g. 5s")
            .doc("The most one event may take to send, and the most a run waits at its end for unsent events; a"
                    + " lineage server that is down or slow never fails a run, it only logs a warning.");

    static final List<Setting<?>> ALL =
            List.of(TRANSPORT, URL, ENDPOINT, API_KEY, NAMESPACE, FILE, KAFKA_TOPIC, KAFKA_BOOTSTRAP_SERVERS, TIMEOUT);

    private LineageConfig() {}

    private static boolean isHttpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
