package dev.strata.server;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.nio.file.Path;

/**
 * Pipeline YAML as the server reads it: with the CLI's validator, but with {@code ${VAR}} references left as written
 * (declared parameters take their default). The server's environment (and its secrets) never fills them in, so no
 * secret can reach a response or a message; the run's declared parameters do, in the engine.
 */
final class PipelineYaml {
    private PipelineYaml() {}

    /** Validates {@code yaml} as if it were the file {@code asFile}; throws the located problems. */
    static Pipeline parse(String yaml, Path asFile) {
        return PipelineLoader.parse(yaml, asFile, Variables.unresolved(), AllowedRoots.any());
    }
}
