package dev.agis.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code agis} command line on the application jar. Without a command (or with only
 * {@code --spring.option=value} arguments) it serves; operator commands boot only what they need.
 *
 * <p>Exit codes: 0 success, 1 the command ran and found a problem (e.g. a failed check),
 * 2 bad usage, 3 an unexpected error.
 */
@Command(name = "agis",
        mixinStandardHelpOptions = true,
        versionProvider = AgisCli.Version.class,
        description = "AGIS backend and operator tools. Without a command, runs the server.",
        subcommands = {ServeCommand.class, AuditCommand.class, ReplayCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class AgisCli {

    public static final int PROBLEM = 1;

    public static void run(String[] args) {
        if (args.length == 0 || args[0].startsWith("--") && !args[0].equals("--help") && !args[0].equals("--version")
                && !args[0].equals("-h") && !args[0].equals("-V")) {
            String[] serveArgs = new String[args.length + 1];
            serveArgs[0] = "serve";
            System.arraycopy(args, 0, serveArgs, 1, args.length);
            args = serveArgs;
        }
        int code = commandLine().execute(args);
        if (!ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new AgisCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("agis: " + e.getMessage()));
                    e.printStackTrace(cmd.getErr());
                    return 3;
                });
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgisCli.class.getPackage().getImplementationVersion();
            return new String[]{"agis " + (v == null ? "(development build)" : v)};
        }
    }
}
