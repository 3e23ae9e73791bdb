package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import picocli.CommandLine.Option;

/** The role whose masking policies and row filters apply to what a command shows. */
final class RoleOption {
    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "The reader's role for the pipeline's access: policies (default: $STRATA_ROLE, else"
                    + " 'default').")
    String role;

    String role() {
        if (role != null && !role.isBlank()) {
            return role;
        }
        return Config.read(RunConfig.ROLE, System.getenv());
    }
}
