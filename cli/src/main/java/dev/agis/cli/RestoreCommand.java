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

/** {@code agis restore --from <file>}: loads a backup of 'agis backup' into an empty database. */
@Command(name = "restore", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Creates AGIS's schema in the configured (empty) database at the backup's schema version and loads",
                "every table of the backup, in one transaction. Refuses a database that already holds events.",
                "Then run 'agis audit verify' before starting AGIS on it (docs/operations.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "2:bad usage (no such file, not a backup, the database is not empty)", "3:unexpected error"})
public class RestoreCommand implements Callable<Integer> {

    private final CliContexts contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "<file>", description = "A backup written by 'agis backup'.")
    Path file;

    public RestoreCommand(CliContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("agis restore: no such file: " + file);
            return ExitCodes.USAGE;
        }
        DatabaseBackup.Manifest manifest;
        try {
            manifest = DatabaseBackup.manifest(file);
        } catch (java.io.IOException | RuntimeException e) {
            err.println("agis restore: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        long start = System.nanoTime();
        // the migrations stop at the backup's version; a newer AGIS migrates further when it starts
        try (ConfigurableApplicationContext ctx = contexts.migrating("spring.flyway.target=" + manifest.schemaVersion())) {
            out.println("Restoring " + file + " (schema version " + manifest.schemaVersion() + ", taken at " + manifest.takenAt() + ")");
            DatabaseBackup.restore(ctx.getBean(DataSource.class), file, out);
        } catch (DatabaseBackup.TargetNotEmpty e) {
            err.println("agis restore: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        out.printf("OK: %,d rows of %d tables restored (%.1f s). Next: agis audit verify%n", manifest.totalRows(),
                manifest.tables().size(), (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }
}
