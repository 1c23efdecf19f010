package dev.agis.cli;

import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code agis backup --to <file>}: a consistent logical backup of the whole database, also while AGIS runs. */
@Command(name = "backup", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Copies every table of the configured database (event store, tokens, keys, timers, read models)",
                "into one file, as of one instant, also while AGIS runs. Restore it with 'agis restore'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:backup written", "2:bad usage (the file exists)", "3:unexpected error"})
public class BackupCommand implements Callable<Integer> {

    private final CliContexts contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "<file>", description = "The backup file to write (a zip); must not exist.")
    Path file;

    public BackupCommand(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(file)) {
            spec.commandLine().getErr().println("agis backup: " + file + " exists; choose a new file name");
            return ExitCodes.USAGE;
        }
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = contexts.auditing()) {
            out.println("Backing up to " + file);
            DatabaseBackup.Manifest manifest = DatabaseBackup.write(ctx.getBean(DataSource.class), file, out);
            out.printf("OK: %,d rows of %d tables, schema version %s, as of %s (%.1f s, %,d bytes)%n", manifest.totalRows(),
                    manifest.tables().size(), manifest.schemaVersion(), manifest.takenAt(), (System.nanoTime() - start) / 1e9, Files.size(file));
        }
        return ExitCodes.OK;
    }
}
