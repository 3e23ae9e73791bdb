package dev.strata.engine.lineage;

import dev.strata.core.config.Config;
import dev.strata.core.config.LineageConfig;
import dev.strata.core.config.RunConfig;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where a run's OpenLineage events go, read from {@link LineageConfig}: the OpenLineage client's own HTTP, Kafka or file
 * transport, or none. Read once per run; an invalid setting is reported before any Spark work.
 *
 * @param transport {@code http}, {@code kafka}, {@code file} or {@code none}
 * @param target where events go, as warnings may show it: never a secret (the API key is a header, the URL is shown
 *     without user info)
 */
public record LineageSettings(
        String transport, String namespace, Duration timeout, String target, Map<String, String> values) {

    /** No lineage: nothing is computed nor sent. */
    public static final LineageSettings NONE =
            new LineageSettings("none", "strata", Duration.ofSeconds(5), "", Map.of());

    public LineageSettings {
        values = Map.copyOf(values);
    }

    /** The settings of {@code environment}; throws a ConfigException listing every bad value. */
    public static LineageSettings from(Map<String, String> environment) {
        Config config = Config.of(environment);
        String url = config.get(LineageConfig.URL);
        String chosen = config.get(LineageConfig.TRANSPORT);
        // Unset: http when a URL is given. Not valid: reported by validate() below.
        String transport =
                chosen != null ? chosen : !config.isSet(LineageConfig.TRANSPORT) && url != null ? "http" : "none";
        String namespace = config.get(LineageConfig.NAMESPACE);
        Duration timeout = config.get(LineageConfig.TIMEOUT);
        String target;
        Map<String, String> values;
        switch (transport) {
            case "http" -> {
                if (url == null) {
                    config.problem(LineageConfig.TRANSPORT.name() + "=http needs " + LineageConfig.URL.name()
                            + " (e.g. http://marquez:5000)");
                }
                String endpoint = config.get(LineageConfig.ENDPOINT);
                String key = config.get(LineageConfig.API_KEY);
                target = url == null ? "" : withoutUserInfo(url) + endpoint;
                values = url == null
                        ? Map.of()
                        : key == null
                                ? Map.of("url", url, "endpoint", endpoint)
                                : Map.of("url", url, "endpoint", endpoint, "apiKey", key);
            }
            case "kafka" -> {
                String servers = config.get(
                        LineageConfig.KAFKA_BOOTSTRAP_SERVERS, config.get(RunConfig.KAFKA_BOOTSTRAP_SERVERS));
                if (servers == null) {
                    config.problem(LineageConfig.TRANSPORT.name() + "=kafka needs "
                            + LineageConfig.KAFKA_BOOTSTRAP_SERVERS.name() + " or "
                            + RunConfig.KAFKA_BOOTSTRAP_SERVERS.name());
                }
                String topic = config.get(LineageConfig.KAFKA_TOPIC);
                target = "kafka topic " + topic;
                values = servers == null ? Map.of() : Map.of("servers", servers, "topic", topic);
            }
            case "file" -> {
                String file = config.get(LineageConfig.FILE);
                if (file == null) {
                    config.problem(LineageConfig.TRANSPORT.name() + "=file needs " + LineageConfig.FILE.name());
                }
                target = file == null ? "" : file;
                values = file == null ? Map.of() : Map.of("file", file);
            }
            default -> {
                target = "";
                values = Map.of();
            }
        }
        String sourceServers = config.get(RunConfig.KAFKA_BOOTSTRAP_SERVERS);
        if (sourceServers != null) {
            // Names the Kafka sources that do not say their brokers.
            values = new java.util.HashMap<>(values);
            values.put("sourceServers", sourceServers);
        }
        config.validate();
        return new LineageSettings(transport, namespace, timeout, target, values);
    }

    /** Whether events are sent at all. */
    public boolean enabled() {
        return !"none".equals(transport);
    }

    /** The client's transport for these settings; events it cannot send make it throw, which the sender catches. */
    Transport open() {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return switch (transport) {
            case "http" -> {
                HttpConfig http = new HttpConfig();
                http.setUrl(URI.create(values.get("url")));
                http.setEndpoint(values.get("endpoint"));
                http.setTimeoutInMillis(millis);
                if (values.containsKey("apiKey")) {
                    ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                    auth.setApiKey(values.get("apiKey"));
                    http.setAuth(auth);
                }
                yield new HttpTransport(http);
            }
            case "kafka" -> {
                Properties properties = new Properties();
                properties.put("bootstrap.servers", values.get("servers"));
                properties.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                properties.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                // A broker that is down must not hold the run: metadata and each send give up within the timeout.
                properties.put("max.block.ms", Integer.toString(millis));
                properties.put("request.timeout.ms", Integer.toString(millis));
                properties.put("delivery.timeout.ms", Integer.toString(millis + 1000));
                properties.put("linger.ms", "0");
                yield new KafkaTransport(new KafkaConfig(values.get("topic"), null, properties));
            }
            case "file" -> new FileTransport(new FileConfig(values.get("file")));
            default -> throw new IllegalStateException("no transport for lineage settings '" + transport + "'");
        };
    }

    /** {@code url} without a {@code user:password@} part, for messages. */
    private static String withoutUserInfo(String url) {
        URI uri = URI.create(url);
        return uri.getUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "");
    }

    @Override
    public String toString() {
        return "LineageSettings[" + transport + " " + target + "]";
    }
}
