package dev.agis.cli;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyError;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeyView;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeys;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeys;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import dev.agis.domain.common.PlayerId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code agis apikey …}: the operator's way to make the first (admin) key and to list and revoke
 * keys, on the configured database (also while AGIS runs). Commands name the operator
 * ({@code operator:<login name>}) as their actor; the operator may grant any scope.
 */
@Command(name = "apikey", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Create, list and revoke API keys (docs/api.md).",
                "The key is printed once, alone on the last line of standard output; only its SHA-256 is stored."},
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.List.class, ApiKeyCommand.Revoke.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:refused (e.g. unknown key id, invalid scope)", "2:bad usage", "3:unexpected error"})
public class ApiKeyCommand {

    /** Streaming processors stay idle: these commands only need the command and query buses. */
    private static final String[] CONTEXT = {"agis.processors.max-claimed-segments=0"};

    /** The operator named in the audit trail: the login name, reduced to what an actor id allows. */
    static Actor operator() {
        return Operators.actor(null);
    }

    /** What a subcommand does in the application context, writing its output to {@code out}. */
    interface Work {
        int run(ConfigurableApplicationContext ctx, PrintWriter out);
    }

    /**
     * Runs {@code work} in the application context and prints its output once the context is closed,
     * so nothing the shutdown logs can follow the key on standard output. A refused command prints
     * its code and message to standard error and exits 1.
     */
    static int run(CliContexts contexts, CommandSpec spec, Work work) {
        StringWriter buffer = new StringWriter();
        int exit;
        try (ConfigurableApplicationContext ctx = contexts.application(CONTEXT)) {
            exit = work.run(ctx, new PrintWriter(buffer, true));
        } catch (RuntimeException e) {
            Optional<DomainErrorDetails> refused = Failures.domainError(e);
            if (refused.isPresent()) {
                spec.commandLine().getErr().println("agis apikey: " + refused.get().code() + ": " + refused.get().message());
                return ExitCodes.PROBLEM;
            }
            if (Failures.isNotFound(e)) {
                spec.commandLine().getErr().println("agis apikey: API_KEY_NOT_FOUND: no such key");
                return ExitCodes.PROBLEM;
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(buffer);
        out.flush();
        return exit;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
            description = {"Create a key and print it, alone, on the last line of standard output (shown this once)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:key created", "1:refused (invalid name, scope, rate or ttl)", "2:bad usage", "3:unexpected error"})
    static class Create implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "What the key is for, e.g. 'ci deploy'.")
        String name;

        @Option(names = "--owner", required = true, paramLabel = "DISCORD_ID", description = "The Discord user id the key acts for.")
        String owner;

        @Option(names = "--scopes", required = true, paramLabel = "a,b",
                description = "Comma-separated: read:servers, write:servers, read:stats, read:analytics, privacy, admin (admin holds all).")
        String scopes;

        @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "100",
                description = "Requests per minute. Default: ${DEFAULT-VALUE}")
        int rateLimit;

        @Option(names = "--ttl-days", paramLabel = "D", description = "Expire after D days. Default: never.")
        Integer ttlDays;

        Create(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() {
            return run(contexts, spec, (ctx, out) -> {
                Set<ApiScope> parsed = ApiScope.parseList(scopes);
                String key = ApiKeySecret.generate();
                ApiKeyId id = ApiKeyId.newId();
                ctx.getBean(CommandGateway.class).sendAndWait(new CreateApiKey(id, name, PlayerId.parse(owner,
                        ApiKeyError.INVALID_API_KEY_REQUEST), parsed, ApiKeySecret.hash(key), rateLimit,
                        ttlDays, null, operator()));
                out.println("id: " + id.uuid());
                out.println("owner: " + owner + ", scopes: " + parsed.stream().map(ApiScope::value).collect(Collectors.joining(","))
                        + ", rate limit: " + rateLimit + "/min" + (ttlDays == null ? "" : ", expires in " + ttlDays + " days"));
                out.println(key);
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 120,
            description = {"Every key (or one owner's), newest first, tab-separated: id, name, owner, scopes, rate limit, created,",
                    "expires, revoked, last used ('-' for none). Never the keys themselves."})
    static class List implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Option(names = "--owner", paramLabel = "DISCORD_ID", description = "Only this owner's keys.")
        String owner;

        List(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() {
            return run(contexts, spec, (ctx, out) -> {
                ApiKeys keys = ctx.getBean(QueryGateway.class)
                        .query(new FindApiKeys(owner == null ? null : PlayerId.of(owner)), ApiKeys.class).join();
                out.println("id\tname\towner\tscopes\trate_limit\tcreated_at\texpires_at\trevoked_at\tlast_used_at");
                for (ApiKeyView k : keys.keys()) {
                    out.println(String.join("\t", k.keyId().uuid(), k.name().replace('\t', ' '), k.owner().value(),
                            k.scopes().stream().map(ApiScope::value).sorted().collect(Collectors.joining(",")),
                            Integer.toString(k.requestsPerMinute()), String.valueOf(k.createdAt()), orDash(k.expiresAt()),
                            orDash(k.revokedAt()), orDash(k.lastUsedAt())));
                }
                return ExitCodes.OK;
            });
        }

        private static String orDash(Object value) {
            return value == null ? "-" : value.toString();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, usageHelpWidth = 120,
            description = {"Revoke a key for good. Instances refuse it within agis.api.keys.cache-ttl (default 5 s)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:revoked (or already revoked)", "1:no such key", "2:bad usage", "3:unexpected error"})
    static class Revoke implements Callable<Integer> {

        private final CliContexts contexts;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The key's id, as listed (with or without the apikey: prefix).")
        String id;

        Revoke(CliContexts contexts) {
            this.contexts = contexts;
        }

        @Override
        public Integer call() {
            return run(contexts, spec, (ctx, out) -> {
                ApiKeyId keyId = ApiKeyId.parse(id);
                ctx.getBean(CommandGateway.class).sendAndWait(new RevokeApiKey(keyId, null, null, operator()));
                out.println("revoked " + keyId.uuid());
                return ExitCodes.OK;
            });
        }
    }
}
