package dev.strata.cli;

import dev.strata.cli.demo.RetailDataGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata demo-data DIR}: the retail example's deterministic, deliberately messy data. */
@Command(name = "demo-data", description = "Generate the retail example's data (seeded, with deliberate defects).")
final class DemoDataCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Output folder; orders/ and customers/ are created in it.")
    Path out;

    @Option(names = "--batch", defaultValue = "1", description = "Batch number (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--scale", defaultValue = "1", description = "Row multiplier (default: ${DEFAULT-VALUE}).")
    int scale;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(RetailDataGenerator.generate(out, batch, scale));
        return 0;
    }
}
