package dev.strata.server;

import dev.strata.core.secret.SecretResolver;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineLoader;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Pipeline YAML as the server reads it: with the CLI's validator, but with {@code ${VAR}} references left as written.
 * The server's environment (and its secrets) never fills them in, so no secret can reach a response or a message;
 * the run's environment does, in the engine.
 */
final class PipelineYaml {
    private static final Map<String, String> UNRESOLVED = new AbstractMap<>() {
        @Override
        public String get(Object key) {
            // ${secret:NAME} stays as written too: the server resolves no secret.
            return SecretResolver.SOURCES_ENV.equals(key) ? SecretResolver.NONE : "${" + key + "}";
        }

        @Override
        public boolean containsKey(Object key) {
            return true;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return Set.of();
        }
    };

    private PipelineYaml() {}

    /** Validates {@code yaml} as if it were the file {@code asFile}; throws the located problems. */
    static Pipeline parse(String yaml, Path asFile) {
        return PipelineLoader.parse(yaml, asFile, UNRESOLVED);
    }
}
