package dev.agis.app.cli;

import dev.agis.cli.ApiKeyCommand;
import dev.agis.cli.AuditCommand;
import dev.agis.cli.BenchCommand;
import dev.agis.cli.CliContexts;
import dev.agis.cli.ExitCodes;
import dev.agis.cli.ReplayCommand;
import picocli.CommandLine;

import java.lang.reflect.Constructor;
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
        subcommands = {ServeCommand.class, AuditCommand.class, ReplayCommand.class, BenchCommand.class, ApiKeyCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class AgisCli {

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
        return new CommandLine(new AgisCli(), new ContextInjectingFactory(new SpringCliContexts()))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("agis: " + e.getMessage()));
                    e.printStackTrace(cmd.getErr());
                    return ExitCodes.UNEXPECTED;
                });
    }

    /**
     * Creates commands with picocli's default factory, except that a command with a
     * {@code (CliContexts)} constructor gets the application's contexts: the operator commands live
     * in their own module and never reach into this one.
     */
    private record ContextInjectingFactory(CliContexts contexts) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            Constructor<K> withContexts;
            try {
                withContexts = cls.getDeclaredConstructor(CliContexts.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
            // subcommands are often package-private nested classes, as picocli's own factory allows
            withContexts.setAccessible(true);
            return withContexts.newInstance(contexts);
        }
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgisCli.class.getPackage().getImplementationVersion();
            return new String[]{"agis " + (v == null ? "(development build)" : v)};
        }
    }
}
