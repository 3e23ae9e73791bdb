package dev.strata.cli;

import picocli.CommandLine.Command;

/** {@code strata argo export}: a pipeline as Argo Workflows and Argo Events manifests. */
@Command(
        name = "argo",
        description = "Run a pipeline on Kubernetes with Argo Workflows.",
        subcommands = {ArgoExportCommand.class})
final class ArgoCommand {}
