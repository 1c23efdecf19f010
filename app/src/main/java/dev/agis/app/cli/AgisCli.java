package dev.agis.app.cli;

import dev.agis.cli.ApiKeyCommand;
import dev.agis.cli.AuditCommand;
import dev.agis.cli.BackupCommand;
import dev.agis.cli.BenchCommand;
import dev.agis.cli.CliContexts;
import dev.agis.cli.DeadLettersCommand;
import dev.agis.cli.ExitCodes;
import dev.agis.cli.PrivacyCommand;
import dev.agis.cli.ReplayCommand;
import dev.agis.cli.RestoreCommand;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code agis} command line on the application jar. Without a command (or with only
 * {@code --spring.option=value} arguments) it serves; operator commands boot only what they need.
 *
 * <p>Exit codes: 0 success, 1 the command ran and found a problem (e.g. a failed check),
 * 2 bad usage, 3 an unexpected error.
 *
 * <p>Standard output carries only a command's own output, so scripts can parse it; log lines go to
 * standard error (see {@link SpringCliContexts}). {@code serve} logs as a server does.
 */
@Command(name = "agis",
        mixinStandardHelpOptions = true,
        versionProvider = AgisCli.Version.class,
        description = "AGIS backend and operator tools. Without a command, runs the server.",
        subcommands = {ServeCommand.class, AuditCommand.class, ReplayCommand.class, BackupCommand.class, RestoreCommand.class,
                BenchCommand.class, ApiKeyCommand.class, PrivacyCommand.class, DeadLettersCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class AgisCli implements Callable<Integer> {

    private final SpringCliContexts contexts;

    @Spec
    CommandSpec spec;

    AgisCli(SpringCliContexts contexts) {
        this.contexts = contexts;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also log INFO and WARN lines (on standard error; standard output stays the command's own).")
    void verbose(boolean verbose) {
        contexts.verbose(verbose);
    }

    /** Options without a command (e.g. {@code agis --verbose}): a command is missing. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of " + spec.subcommands().keySet());
    }

    public static void run(String[] args) {
        CommandLine cli = commandLine();
        // no command, or only --spring.option=value arguments: serve (the root's own options are not Spring's)
        if (args.length == 0 || args[0].startsWith("--") && !cli.getCommandSpec().optionsMap().containsKey(args[0])) {
            String[] serveArgs = new String[args.length + 1];
            serveArgs[0] = "serve";
            System.arraycopy(args, 0, serveArgs, 1, args.length);
            args = serveArgs;
        }
        int code = cli.execute(args);
        if (!ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        SpringCliContexts contexts = new SpringCliContexts();
        CommandLine cli = new CommandLine(new AgisCli(contexts), new ContextInjectingFactory(contexts))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("agis: " + e.getMessage()));
                    e.printStackTrace(cmd.getErr());
                    return ExitCodes.UNEXPECTED;
                });
        // picocli's completion script generator, listed under a short name (picocli hides it by default)
        cli.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        CommandLine completion = cli.getSubcommands().get("completion");
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Prints the bash completion script of agis (zsh too, after `autoload -U +X bashcompinit && bashcompinit`).",
                        "Load it with: source <(agis completion)");
        return cli;
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

    /**
     * The build's version and time ({@code META-INF/build-info.properties}, Spring Boot's
     * {@code build-info}) and its commit ({@code git.properties}); a build without them (from the
     * IDE, or from sources without git) says so.
     */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties build = resource("META-INF/build-info.properties");
            Properties git = resource("git.properties");
            List<String> lines = new ArrayList<>();
            lines.add("agis " + build.getProperty("build.version", "(development build)"));
            String commit = git.getProperty("git.commit.id.abbrev");
            lines.add("commit " + (commit == null ? "unknown" : commit
                    + ("true".equals(git.getProperty("git.dirty")) ? " (with uncommitted changes)" : "")
                    + (git.containsKey("git.commit.time") ? " of " + git.getProperty("git.commit.time") : "")));
            if (build.containsKey("build.time")) {
                lines.add("built " + build.getProperty("build.time"));
            }
            return lines.toArray(String[]::new);
        }

        private static Properties resource(String name) {
            Properties properties = new Properties();
            try (InputStream in = AgisCli.class.getClassLoader().getResourceAsStream(name)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        }
    }
}
