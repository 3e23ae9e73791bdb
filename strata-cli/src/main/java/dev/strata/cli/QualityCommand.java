package dev.strata.cli;

import picocli.CommandLine.Command;

/** {@code strata quality history|import-history|report}: the metric history and the quality report of the pipeline's runs. */
@Command(
        name = "quality",
        description = "Metric history and quality reports from the metadata store.",
        subcommands = {QualityHistoryCommand.class, QualityImportCommand.class, QualityReportCommand.class})
final class QualityCommand {}
