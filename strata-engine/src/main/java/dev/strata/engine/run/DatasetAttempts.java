package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.RetryPolicy;
import dev.strata.engine.isolation.FailureDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds one dataset, and builds it again after a backoff when it failed with an engine or storage error, as its
 * {@link RetryPolicy} says. Never retried: a rule with {@code on_fail: fail} (its result is a failed dataset, not an
 * error), the data errors Strata names (DATASET_FAILED: keys a merge finds twice, a schema change the dataset refuses,
 * a failed micro-batch; ACCESS_DENIED), which would fail again; an invalid spec or an unsupported key still ends the
 * run. A retry is safe: the batch the failed attempt began is pending in the ledger, so the next attempt reads the same
 * input under the same run id, and each table's commit id skips what the failed attempt already committed.
 */
final class DatasetAttempts {
    /** Errors a retry cannot cure. */
    private static final Set<ErrorCode> NOT_RETRIED = Set.of(ErrorCode.DATASET_FAILED, ErrorCode.ACCESS_DENIED);

    /** One attempt's outcome, and whether another attempt could change it. */
    private record Attempt(DatasetResult result, boolean retryable) {}

    private final RunListener listener;
    private final boolean restricted;
    private final org.slf4j.Logger log;

    /** @param log where a server run's failures go in full (engine.log) */
    DatasetAttempts(RunListener listener, boolean restricted, org.slf4j.Logger log) {
        this.listener = listener;
        this.restricted = restricted;
        this.log = log;
    }

    /** Builds the dataset in up to {@code policy.maxAttempts()} attempts; the result counts them. */
    DatasetResult build(DatasetPlan dataset, DatasetBuilder builder, RetryPolicy policy) {
        String name = dataset.name().toString();
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = attempt(dataset, builder);
            if (!outcome.retryable() || attempt >= policy.maxAttempts()) {
                return outcome.result().withAttempts(attempt, failures);
            }
            String message = outcome.result().message();
            failures.add(message);
            Duration wait = policy.waitBefore(attempt);
            listener.notice(name + ": attempt " + attempt + " of " + policy.maxAttempts() + " failed (" + message
                    + "); trying again in " + wait.toSeconds() + "s");
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.remove(failures.size() - 1);
                return outcome.result().withAttempts(attempt, failures);
            }
        }
    }

    private Attempt attempt(DatasetPlan dataset, DatasetBuilder builder) {
        String name = dataset.name().toString();
        try {
            return new Attempt(builder.build(dataset), false);
        } catch (StrataException e) {
            if (e.code() == ErrorCode.UNSUPPORTED || e.code() == ErrorCode.INVALID_SPEC) {
                throw e;
            }
            logFailure(name, e);
            return new Attempt(
                    DatasetResult.notBuilt(name, RunStatus.FAILED, FailureDetails.describe(e, restricted)),
                    !NOT_RETRIED.contains(e.code()));
        } catch (Exception e) {
            // Exception, not RuntimeException: Spark throws its checked AnalysisException from Scala code.
            logFailure(name, e);
            return new Attempt(
                    DatasetResult.notBuilt(
                            name,
                            RunStatus.FAILED,
                            "Cannot build " + name + ": " + FailureDetails.describe(e, restricted)),
                    true);
        }
    }

    /** A server run's details go to its log (engine.log), which only the server's operator reads. */
    private void logFailure(String dataset, Exception e) {
        if (restricted) {
            log.error("Cannot build {}", dataset, e);
        }
    }
}
