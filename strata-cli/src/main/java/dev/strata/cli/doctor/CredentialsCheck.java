package dev.strata.cli.doctor;

import dev.strata.core.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether credentials for the storage root's cloud are at hand, and where they come from: the names of environment
 * variables, Hadoop settings and files, never their values. Finding none is a warning, not a failure: a machine's
 * instance role, workload identity or metadata server needs none.
 */
public final class CredentialsCheck {
    private CredentialsCheck() {}

    /**
     * @param root the storage root
     * @param env the environment
     * @param hadoopSettings the Hadoop settings a run's session would have
     * @param home the user's home folder, where the clouds' tools keep their credential files
     */
    public static CheckResult check(
            String root, Map<String, String> env, Map<String, String> hadoopSettings, Path home) {
        String scheme = Schemes.of(root);
        return switch (scheme) {
            case "file" -> CheckResult.ok("credentials", "none needed for a local storage root");
            case "s3a", "s3", "s3n" -> aws(env, hadoopSettings);
            case "abfs", "abfss", "wasb", "wasbs" -> azure(hadoopSettings);
            case "gs" -> google(env, hadoopSettings, home);
            default ->
                CheckResult.warn(
                        "credentials",
                        "no credential check for " + scheme + "://",
                        "see docs/cloud-storage.md for the stores Strata ships connectors for");
        };
    }

    private static CheckResult aws(Map<String, String> env, Map<String, String> settings) {
        List<String> sources = new ArrayList<>();
        if (has(
                settings,
                key -> key.equals("fs.s3a.access.key") || key.matches("fs\\.s3a\\.bucket\\..+\\.access\\.key"))) {
            sources.add("Hadoop setting fs.s3a[.bucket.*].access.key");
        }
        if (set(env, "AWS_ACCESS_KEY_ID") && set(env, "AWS_SECRET_ACCESS_KEY")) {
            sources.add("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        } else if (set(env, "AWS_ACCESS_KEY_ID") != set(env, "AWS_SECRET_ACCESS_KEY")) {
            return CheckResult.fail(
                    "credentials",
                    (set(env, "AWS_ACCESS_KEY_ID") ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
                            + " is set without its other half",
                    "export both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
        }
        if (set(settings, "fs.s3a.aws.credentials.provider")) {
            sources.add("the provider Hadoop setting fs.s3a.aws.credentials.provider names");
        }
        if (set(settings, "hadoop.security.credential.provider.path")) {
            sources.add("the Hadoop credential store hadoop.security.credential.provider.path names");
        }
        return found(
                sources,
                "no AWS credentials in the environment or the Hadoop settings; S3A then asks the instance's IAM role",
                "on AWS with an instance or pod role nothing is needed; elsewhere export AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or set spark.hadoop.fs.s3a.* in the target's spark.conf with"
                        + " ${secret:NAME} values");
    }

    private static CheckResult azure(Map<String, String> settings) {
        List<String> sources = new ArrayList<>();
        if (has(settings, key -> key.startsWith("fs.azure.account.key"))) {
            sources.add("Hadoop setting fs.azure.account.key.<account>");
        }
        if (has(settings, key -> key.startsWith("fs.azure.account.auth.type"))) {
            sources.add("Hadoop setting fs.azure.account.auth.type (OAuth or SAS)");
        }
        if (has(settings, key -> key.startsWith("fs.azure.sas."))) {
            sources.add("Hadoop setting fs.azure.sas.<container>.<account>");
        }
        if (set(settings, "hadoop.security.credential.provider.path")) {
            sources.add("the Hadoop credential store hadoop.security.credential.provider.path names");
        }
        return found(
                sources,
                "no Azure credentials in the Hadoop settings",
                "set spark.hadoop.fs.azure.account.key.<account>.dfs.core.windows.net (as ${secret:NAME}), or"
                        + " fs.azure.account.auth.type with an OAuth or managed identity provider, in the target's"
                        + " spark.conf (docs/cloud-storage.md)");
    }

    private static CheckResult google(Map<String, String> env, Map<String, String> settings, Path home) {
        List<String> sources = new ArrayList<>();
        String keyFile = env.get(RunConfig.GOOGLE_CREDENTIALS.name());
        if (keyFile != null && !keyFile.isBlank()) {
            if (!Files.isReadable(Path.of(keyFile))) {
                return CheckResult.fail(
                        "credentials",
                        "GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read",
                        "point GOOGLE_APPLICATION_CREDENTIALS at a service account key file this user can read");
            }
            sources.add("the key file GOOGLE_APPLICATION_CREDENTIALS names");
        }
        if (has(settings, key -> key.endsWith("auth.service.account.json.keyfile"))) {
            sources.add("Hadoop setting fs.gs.auth.service.account.json.keyfile");
        }
        if (home != null && Files.isReadable(home.resolve(".config/gcloud/application_default_credentials.json"))) {
            sources.add("gcloud's application default credentials in ~/.config/gcloud");
        }
        return found(
                sources,
                "no Google credentials in the environment, the Hadoop settings or ~/.config/gcloud; the connector"
                        + " then asks the metadata server",
                "on Google Cloud with a service account nothing is needed; elsewhere export"
                        + " GOOGLE_APPLICATION_CREDENTIALS=<key file>, or run gcloud auth application-default login");
    }

    private static CheckResult found(List<String> sources, String none, String fix) {
        if (sources.isEmpty()) {
            return CheckResult.warn("credentials", none, fix);
        }
        return CheckResult.ok("credentials", "from " + String.join("; ", sources));
    }

    private static boolean set(Map<String, String> values, String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    private static boolean has(Map<String, String> settings, Predicate<String> key) {
        return settings.keySet().stream().anyMatch(key);
    }
}
