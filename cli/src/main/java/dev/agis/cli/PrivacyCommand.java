package dev.agis.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.privacy.PrivacyCommands.ErasePersonalData;
import dev.agis.domain.privacy.PrivacyCommands.MasterKeyRotation;
import dev.agis.domain.privacy.PrivacyCommands.RotateMasterKey;
import dev.agis.domain.privacy.PrivacyQueries.ExportPersonalData;
import dev.agis.domain.privacy.PrivacyQueries.PersonalDataExport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code agis privacy …}: a player's data export and erasure (SPEC §2.8, docs/privacy.md). */
@Command(name = "privacy", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"A player's personal data: export everything AGIS holds about them, or erase it; rotate the master key.",
                "See docs/privacy.md for what is personal data and what an erasure does and does not do."},
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Erase.class, PrivacyCommand.RotateMasterKeyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a problem", "2:bad usage", "3:unexpected error"})
public class PrivacyCommand {

    static PlayerId player(CommandSpec spec, String discordId) {
        if (!PlayerId.isValid(discordId)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "not a player id: '" + discordId + "' (the Discord user id, 1..64 characters of A-Z, a-z, 0-9, '-' or '_')");
        }
        return PlayerId.of(discordId);
    }

    /** A short-lived AGIS whose processors stay idle: these commands need only the gateways. */
    static ConfigurableApplicationContext idleApplication(CliContexts contexts, String... more) {
        String[] properties = new String[more.length + 1];
        properties[0] = "agis.processors.max-claimed-segments=0";
        System.arraycopy(more, 0, properties, 1, more.length);
        return contexts.application(properties);
    }

    @Command(name = "export", mixinStandardHelpOptions = true, usageHelpWidth = 120,
            description = {"Everything AGIS holds about a player, as one JSON document on standard output:",
                    "their events (personal fields decrypted, or \"[erased]\"), consent history, erasures and every",
                    "read-model row that names them. The same document as the API's GET /api/v1/users/me/data and",
                    "Discord's /mydata export. Read-only; works while AGIS runs."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:exported (also when AGIS holds nothing about the player: empty lists)", "2:bad usage",
                    "3:unexpected error"})
    static class Export implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DISCORD_ID", description = "the player's Discord user id")
        String discordId;

        Export(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            PlayerId player = player(spec, discordId);
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext ctx = idleApplication(contexts)) {
                PersonalDataExport export = ctx.getBean(QueryGateway.class)
                        .query(new ExportPersonalData(player), PersonalDataExport.class).join();
                out.println(export.json());
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = {"Erases a player's personal data: deletes their data key (so every personal field of their events",
                    "reads as \"[erased]\" in replays, audits, exports and projections) and records the erasure as an event.",
                    "Events and ledger amounts stay. Idempotent: a repeat is recorded and erases nothing new.",
                    "Asks for confirmation (type the id again) unless --yes."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:erased", "1:not confirmed, nothing erased", "2:bad usage", "3:unexpected error"})
    static class Erase implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DISCORD_ID", description = "the player's Discord user id")
        String discordId;

        @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
        boolean yes;

        @Option(names = "--operator", paramLabel = "<name>", description = "Who asks, for the audit trail. Default: the OS user.")
        String operator;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format. Default: ${DEFAULT-VALUE}")
        String format;

        Erase(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            PlayerId player = player(spec, discordId);
            if (!format.equals("text") && !format.equals("json")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json");
            }
            Actor actor = Operators.actor(operator);
            PrintWriter err = spec.commandLine().getErr();
            if (!yes && !confirmed(player, err)) {
                err.println("agis privacy erase: not confirmed, nothing erased");
                return ExitCodes.PROBLEM;
            }
            // The erasure needs only its command, whose event deletes the key in the same transaction.
            try (ConfigurableApplicationContext ctx = idleApplication(contexts)) {
                ctx.getBean(CommandGateway.class).sendAndWait(ErasePersonalData.of(player, actor));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                ObjectNode doc = AuditCommand.JSON.createObjectNode().put("player", player.value()).put("erased", true)
                        .put("actor", actor.value());
                out.println(AuditCommand.JSON.writeValueAsString(doc));
            } else {
                out.println("Erased the personal data of player " + player.value() + ": data key deleted, erasure recorded by "
                        + actor.value() + ". Events and amounts stay; their personal fields read as [erased].");
            }
            out.flush();
            return 0;
        }

        /** The prompt goes to standard error, so standard output stays the command's own. */
        private boolean confirmed(PlayerId player, PrintWriter err) throws IOException {
            err.print("Erase the personal data of player " + player.value() + "? This cannot be undone. Type the id again to confirm: ");
            err.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().equals(player.value());
        }
    }

    @Command(name = "rotate-master-key", mixinStandardHelpOptions = true, usageHelpWidth = 120, sortOptions = false,
            description = {"Re-wraps every player data key from the current master key (AGIS_MASTER_KEY) to a new one",
                    "(AGIS_NEW_MASTER_KEY, or --new-key-file), in one transaction: each key is unwrapped with the current",
                    "master key, wrapped with the new one and checked before it is written; any failure changes nothing.",
                    "Afterwards AGIS starts only with the new key. Stop every AGIS instance first (docs/privacy.md,",
                    "\"Rotating the master key\"). Never prints a key."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:rotated", "2:bad usage (no new key, an unusable key, the same key)",
                    "3:unexpected error (e.g. a data key that does not unwrap: nothing changed)"})
    static class RotateMasterKeyCommand implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Option(names = "--new-key-file", paramLabel = "<file>",
                description = "A file holding the new master key (base64 of 32 bytes). Default: the AGIS_NEW_MASTER_KEY variable.")
        Path newKeyFile;

        @Option(names = "--operator", paramLabel = "<name>", description = "Who rotates, for the log. Default: the OS user.")
        String operator;

        RotateMasterKeyCommand(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() throws Exception {
            Actor actor = Operators.actor(operator);
            String[] newKey = {};
            if (newKeyFile != null) {
                if (!Files.isReadable(newKeyFile)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--new-key-file " + newKeyFile + " is not readable");
                }
                String fromEnvironment = System.getenv("AGIS_NEW_MASTER_KEY");
                if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "AGIS_NEW_MASTER_KEY is set and --new-key-file is given: name the new key one way only");
                }
                // Settings handed to the context are its defaults, below application.yml; the yml's
                // placeholder for the variable reads them, so the file's key arrives as if it were set.
                newKey = new String[] {"AGIS_NEW_MASTER_KEY=" + Files.readString(newKeyFile, StandardCharsets.US_ASCII).trim()};
            }
            MasterKeyRotation rotation;
            try (ConfigurableApplicationContext ctx = idleApplication(contexts, newKey)) {
                try {
                    rotation = ctx.getBean(CommandGateway.class).sendAndWait(new RotateMasterKey(actor));
                } catch (RuntimeException e) {
                    // a refused key is bad usage; anything else (a key that does not unwrap) stays unexpected
                    throw Failures.domainError(e)
                            .<RuntimeException>map(d -> new CommandLine.ParameterException(spec.commandLine(), d.message()))
                            .orElse(e);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Master key rotated: " + rotation.keys() + " player data keys re-wrapped and checked. Start AGIS with the "
                    + "new key as AGIS_MASTER_KEY from now on; the old key is refused.");
            out.flush();
            return 0;
        }
    }
}
