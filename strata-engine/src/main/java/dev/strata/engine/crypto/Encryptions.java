package dev.strata.engine.crypto;

import dev.strata.core.crypto.KeyMaterial;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.validate.KeyChecks;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The column encryption of one run's datasets. Each key is opened (its keysets decrypted under its KEK, on the
 * driver) once per run, when the first dataset that uses it is written. Datasets built at once share the instance.
 */
public final class Encryptions {
    private final Pipeline pipeline;
    private final KeyStore store;
    private final Map<String, KeyMaterial> opened = new ConcurrentHashMap<>();

    public Encryptions(Pipeline pipeline, KeyStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    /** Refuses, before any work, datasets whose key is missing or disabled: every problem located, at once. */
    public void check(Collection<String> datasets) {
        boolean any =
                datasets.stream().map(pipeline.spec().datasets()::get).anyMatch(d -> d != null && d.encrypt() != null);
        if (!any) {
            return;
        }
        List<Problem> problems = KeyChecks.check(pipeline, store, datasets);
        if (!problems.isEmpty()) {
            throw new PipelineValidationException(problems);
        }
    }

    /** The encryption of a dataset, if it declares {@code encrypt:}. */
    public Optional<ColumnEncryption> forDataset(String dataset) {
        DatasetSpec spec = pipeline.spec().datasets().get(dataset);
        if (spec == null || spec.encrypt() == null) {
            return Optional.empty();
        }
        KeyMaterial key = opened.computeIfAbsent(spec.encrypt().key(), store::open);
        return Optional.of(new ColumnEncryption(pipeline, dataset, spec.encrypt(), key));
    }

    public KeyStore store() {
        return store;
    }
}
