package dev.strata.core.argo;

import java.util.Locale;

/** How finely {@code strata argo export} splits a pipeline into Argo tasks. */
public enum Granularity {
    /** One task per dataset: a failed dataset is retried alone, and independent datasets run in parallel pods. */
    DATASET,
    /** One task per layer ({@code bronze.*}, {@code silver.*}, …): fewer pods, each starting Spark once. */
    LAYER,
    /** One task for the whole pipeline: one pod, the same as {@code strata run}. */
    PIPELINE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
