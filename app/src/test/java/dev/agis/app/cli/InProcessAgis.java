package dev.agis.app.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs an {@code agis} command in the test's JVM and keeps what it wrote, as a script would see it. */
public final class InProcessAgis {

    public record Run(int exit, String out, String err) {
    }

    private InProcessAgis() {
    }

    public static Run agis(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AgisCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
