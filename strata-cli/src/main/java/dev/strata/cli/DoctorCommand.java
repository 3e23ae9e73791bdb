package dev.strata.cli;

import dev.strata.cli.doctor.CheckResult;
import dev.strata.cli.doctor.CredentialsCheck;
import dev.strata.cli.doctor.JavaCheck;
import dev.strata.cli.doctor.StorageRootCheck;
import dev.strata.cli.doctor.StoreCheck;
import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.ledger.RunStoreProvider;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.store.MetadataRunStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import scala.Tuple2;

/**
 * {@code strata doctor [FILE] [--target NAME]}: whether this machine can run pipelines, each check with OK, WARN or
 * FAIL and a fix: the JDK, the metadata store, write access to the pipeline's storage root, and the cloud credentials
 * for it (where they come from, never their values). Exit 0 without a FAIL, 1 with one.
 */
@Command(
        name = "doctor",
        description = "Check the JDK, the metadata store and, for a pipeline file, write access to its storage root"
                + " and the cloud credentials for it; each check says OK, WARN or FAIL, with a fix. Exit 1 on a FAIL.")
final class DoctorCommand implements Callable<Integer> {
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "A pipeline file, to check its storage.")
    Path file;

    @Option(
            names = "--target",
            paramLabel = "NAME",
            description = "The target whose storage to check; default $STRATA_TARGET.")
    String target;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        String chosen = target != null ? target : Config.read(RunConfig.TARGET, env);
        List<CheckResult> results = checks(
                file,
                chosen,
                env,
                new MetadataRunStoreProvider(),
                Config.of(env).get(StoreConfig.USER_HOME));
        spec.commandLine().getOut().print(render(results));
        spec.commandLine().getOut().flush();
        return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL) ? 1 : 0;
    }

    /** Every check, in the order they are printed. */
    static List<CheckResult> checks(
            Path file, String target, Map<String, String> env, RunStoreProvider stores, Path home) {
        List<CheckResult> results = new ArrayList<>();
        results.add(JavaCheck.check());
        results.add(StoreCheck.check(stores, env));
        if (file == null) {
            results.add(new CheckResult(
                    "pipeline",
                    CheckResult.Status.WARN,
                    "no pipeline file given: its storage root and credentials were not checked",
                    "strata doctor pipeline.yaml [--target NAME]"));
            return results;
        }
        Pipeline pipeline;
        try {
            pipeline = PipelineLoader.load(file, file, Variables.environment(env), AllowedRoots.any(), target);
        } catch (PipelineValidationException e) {
            results.add(new CheckResult(
                    "pipeline",
                    CheckResult.Status.FAIL,
                    e.problems().size() + " problem(s), the first: "
                            + e.problems().get(0),
                    "strata validate " + file + (target == null ? "" : " --target " + target)));
            return results;
        }
        String root = pipeline.spec().storage().root();
        results.add(new CheckResult(
                "pipeline",
                CheckResult.Status.OK,
                pipeline.spec().name() + (target == null ? "" : ", target " + target) + ", storage root " + root,
                null));
        Map<String, String> hadoop = hadoopSettings(pipeline.spark().conf());
        results.add(StorageRootCheck.check(root, hadoop));
        results.add(CredentialsCheck.check(root, env, hadoop, home));
        return results;
    }

    /**
     * The Hadoop settings a run's session would have: the {@code spark.hadoop.*} Spark reads from this JVM's system
     * properties ({@code STRATA_JAVA_OPTS}), then those of the target's Spark conf, without the prefix.
     */
    static Map<String, String> hadoopSettings(Map<String, String> targetConf) {
        Map<String, String> settings = new TreeMap<>();
        for (Tuple2<String, String> setting : new SparkConf(true).getAllWithPrefix(HADOOP_PREFIX)) {
            settings.put(setting._1(), setting._2());
        }
        targetConf.forEach((name, value) -> {
            if (name.startsWith(HADOOP_PREFIX)) {
                settings.put(name.substring(HADOOP_PREFIX.length()), value);
            }
        });
        return settings;
    }

    /** One line per check, {@code STATUS  check  what it saw}, then its fix on the next line when it has one. */
    static String render(List<CheckResult> results) {
        StringBuilder out = new StringBuilder();
        for (CheckResult result : results) {
            out.append(String.format(Locale.ROOT, "%-5s %-13s %s%n", result.status(), result.check(), result.detail()));
            if (result.fix() != null) {
                out.append(String.format(Locale.ROOT, "%-19s fix: %s%n", "", result.fix()));
            }
        }
        long fails = results.stream()
                .filter(r -> r.status() == CheckResult.Status.FAIL)
                .count();
        long warnings = results.stream()
                .filter(r -> r.status() == CheckResult.Status.WARN)
                .count();
        out.append(String.format(Locale.ROOT, "%d checks: %d failed, %d warned%n", results.size(), fails, warnings));
        return out.toString();
    }
}
