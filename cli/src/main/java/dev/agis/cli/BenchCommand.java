package dev.agis.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load generators for capacity planning.",
        subcommands = {LedgerBench.class, LedgerSeed.class, CallbackBench.class, ExperimentBench.class, ApiBench.class})
public class BenchCommand {
}
