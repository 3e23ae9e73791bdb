package dev.strata.core.validate;

import dev.strata.core.crypto.KeyMetadata;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys a pipeline's {@code encrypt:} names, checked against a key store: each must exist and be enabled. */
public final class KeyChecks {
    private KeyChecks() {}

    /** One located problem per dataset whose key is missing or disabled; none when every key can encrypt. */
    public static List<Problem> check(Pipeline pipeline, KeyStore store) {
        return check(pipeline, store, pipeline.spec().datasets().keySet());
    }

    /** As {@link #check(Pipeline, KeyStore)}, for the named datasets only. */
    public static List<Problem> check(Pipeline pipeline, KeyStore store, java.util.Collection<String> datasets) {
        List<Problem> problems = new ArrayList<>();
        List<String> known = null;
        for (Map.Entry<String, DatasetSpec> entry : pipeline.spec().datasets().entrySet()) {
            DatasetSpec dataset = entry.getValue();
            if (dataset.encrypt() == null || !datasets.contains(entry.getKey())) {
                continue;
            }
            String key = dataset.encrypt().key();
            List<Object> path = List.of("datasets", entry.getKey(), "encrypt", "key");
            Optional<KeyMetadata> metadata = store.metadata(key);
            if (metadata.isEmpty()) {
                if (known == null) {
                    known = store.list().stream().map(KeyMetadata::name).toList();
                }
                String hint = Suggestions.didYouMean(key, known, false)
                        .orElse("create it with strata keys create " + key
                                + (known.isEmpty() ? "" : ", or use one" + " of: " + String.join(", ", known)));
                problems.add(PipelineProblems.error(
                        pipeline, path, "key '" + key + "' does not exist in " + store.directory(), hint));
            } else if (metadata.get().disabled()) {
                problems.add(PipelineProblems.error(
                        pipeline,
                        path,
                        "key '" + key + "' is disabled: it encrypts nothing new",
                        "run strata keys enable " + key + ", or use another key"));
            }
        }
        return problems;
    }
}
