package dev.strata.server.backends;

import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.StoreSettings;
import java.nio.file.Path;

/**
 * What a back-end needs to start one run's engine.
 *
 * @param run the claimed run: its id, pipeline, selection, parameters and logical time
 * @param yaml the pipeline version's YAML, as stored
 * @param pipelineFile where the server wrote {@code yaml}, in the run's folder
 * @param baseDir the pipeline's own folder, which relative paths in the YAML resolve against
 * @param summaryFile where an engine on this host writes its JSON summary
 * @param logFile where the engine's output goes
 * @param store how the engine reaches the store to record its progress: the run role and the run's own token
 */
public record EngineRequest(
        StoredRun run,
        String yaml,
        Path pipelineFile,
        Path baseDir,
        Path summaryFile,
        Path logFile,
        StoreSettings store) {}
