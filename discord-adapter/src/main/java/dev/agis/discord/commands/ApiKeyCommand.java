package dev.agis.discord.commands;

import dev.agis.discord.CommandInput;
import dev.agis.discord.CommandRefused;
import dev.agis.discord.DiscordProperties;
import dev.agis.discord.Reply;
import dev.agis.discord.SlashCommand;
import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyError;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeyView;
import dev.agis.domain.apikey.ApiKeyQueries.ApiKeys;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKey;
import dev.agis.domain.apikey.ApiKeyQueries.FindApiKeys;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.Failures;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /apikey create|list|revoke}: a player's own API keys for the REST API (SPEC §2.9). The
 * owner is always the interaction's user. What a player may grant is what the API lets a player do
 * with their own servers and stats; {@code read:analytics} and {@code admin} reach everyone's data,
 * so only operators (the operator guild, Manage Server) may grant them. The aggregate checks the
 * scopes against what the user may grant, like it checks a key creating a key. Every answer is
 * ephemeral; the new key is shown in the creation answer only, and the key id comes from the
 * interaction id, so a retried interaction cannot make a second key.
 */
@Component
public class ApiKeyCommand implements SlashCommand {

    private static final Set<ApiScope> PLAYER_SCOPES = EnumSet.of(ApiScope.READ_SERVERS, ApiScope.WRITE_SERVERS, ApiScope.READ_STATS,
            ApiScope.PRIVACY);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final DiscordProperties properties;
    private final ApiKeyDefaults defaults;

    public ApiKeyCommand(CommandGateway commands, QueryGateway queries, DiscordProperties properties, ApiKeyDefaults defaults) {
        this.commands = commands;
        this.queries = queries;
        this.properties = properties;
        this.defaults = defaults;
    }

    @Override
    public boolean answersPrivately() {
        return true;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("apikey", "Your API keys for the AGIS REST API")
                .addSubcommands(
                        new SubcommandData("create", "Make a key; it is shown to you once")
                                .addOptions(new OptionData(OptionType.STRING, "name", "What the key is for", true).setMaxLength(100),
                                        new OptionData(OptionType.STRING, "scopes",
                                                "Comma-separated: read:servers, write:servers, read:stats, privacy (operators: read:analytics, admin)", true),
                                        new OptionData(OptionType.INTEGER, "ttl_days", "Expire after this many days (default: never)")
                                                .setRequiredRange(1, 3650),
                                        new OptionData(OptionType.INTEGER, "rate_limit", "Requests per minute")
                                                .setRequiredRange(1, 100_000)),
                        new SubcommandData("list", "Your keys, revoked ones included (never the keys themselves)"),
                        new SubcommandData("revoke", "Revoke one of your keys for good")
                                .addOptions(new OptionData(OptionType.STRING, "key", "Which key", true).setAutoComplete(true)));
    }

    @Override
    public Reply handle(CommandInput input) {
        String sub = input.subcommand() == null ? "" : input.subcommand();
        return switch (sub) {
            case "create" -> create(input);
            case "list" -> list(input);
            case "revoke" -> revoke(input);
            default -> throw CommandRefused.badOption("Unknown subcommand '" + sub + "'.");
        };
    }

    @Override
    public List<Command.Choice> autocomplete(CommandInput input, String option, String typed) {
        if (!"key".equals(option)) {
            return List.of();
        }
        String needle = typed == null ? "" : typed.toLowerCase(Locale.ROOT);
        return keys(input).stream()
                .filter(k -> k.revokedAt() == null)
                .filter(k -> k.name().toLowerCase(Locale.ROOT).contains(needle) || k.keyId().uuid().startsWith(needle))
                .limit(25)
                .map(k -> new Command.Choice(k.name() + " (" + scopes(k.scopes()) + ")", k.keyId().uuid()))
                .toList();
    }

    private Reply create(CommandInput input) {
        String name = input.requiredOption("name");
        Set<ApiScope> scopes = ApiScope.parseList(input.requiredOption("scopes"));
        Integer ttlDays = integer(input, "ttl_days");
        Integer rateLimit = integer(input, "rate_limit");
        int requestsPerMinute = rateLimit == null ? defaults.defaultRequestsPerMinute() : rateLimit;
        String key = ApiKeySecret.generate();
        ApiKeyId id = ApiKeyId.of("apikey:" + UUID.nameUUIDFromBytes(input.idempotencyKey().getBytes(StandardCharsets.UTF_8)));
        commands.sendAndWait(new CreateApiKey(id, name, input.player(), scopes, ApiKeySecret.hash(key), requestsPerMinute, ttlDays,
                grantable(input), input.actor()));
        return Reply.success("API key created", "Copy it now: it is shown this once and AGIS keeps only its hash. "
                        + "Send it as `Authorization: Bearer <key>`.")
                .field("Key", "`" + key + "`", false)
                .field("Id", "`" + id.uuid() + "`", false)
                .field("Scopes", scopes(scopes))
                .field("Rate limit", requestsPerMinute + "/min")
                .field("Expires", ttlDays == null ? "never" : "in " + ttlDays + " days")
                .privately();
    }

    private Reply list(CommandInput input) {
        List<ApiKeyView> keys = keys(input);
        if (keys.isEmpty()) {
            return Reply.info("Your API keys", "You have none. `/apikey create` makes one.").privately();
        }
        Reply reply = Reply.info("Your API keys", "Newest first; the keys themselves are never shown again.");
        for (ApiKeyView k : keys.stream().limit(25).toList()) {
            String state = k.revokedAt() != null ? "revoked " + Format.time(k.revokedAt())
                    : k.usableAt(Instant.now()) ? "active" : "expired";
            reply = reply.field(k.name() + " — " + state, "`" + k.keyId().uuid() + "`\n" + scopes(k.scopes()) + " · "
                    + k.requestsPerMinute() + "/min\nExpires: " + (k.expiresAt() == null ? "never" : Format.time(k.expiresAt()))
                    + "\nLast used: " + (k.lastUsedAt() == null ? "never" : Format.time(k.lastUsedAt())), false);
        }
        return reply.privately();
    }

    private Reply revoke(CommandInput input) {
        ApiKeyId id = ApiKeyId.parse(input.requiredOption("key"));
        ApiKeyView key = queries.query(new FindApiKey(id), ApiKeyView.class).join();
        // here only one's own keys, operators included (an admin key over HTTP or the CLI revokes others')
        if (key == null || !key.owner().equals(input.player())) {
            throw new DomainException(ApiKeyError.API_KEY_NOT_FOUND, "you have no API key " + id.uuid());
        }
        return Reply.confirm("Revoke the API key " + key.name() + "?",
                "Requests with it are refused from now on (within seconds on every instance). This cannot be undone.", "Revoke",
                () -> {
                    try {
                        commands.sendAndWait(new RevokeApiKey(id, input.player(), grantable(input), input.actor()));
                    } catch (RuntimeException e) {
                        if (Failures.isNotFound(e)) {
                            throw new DomainException(ApiKeyError.API_KEY_NOT_FOUND, "you have no API key " + id.uuid());
                        }
                        throw e;
                    }
                    return Reply.success("API key revoked", "**" + key.name() + "** (`" + id.uuid() + "`) no longer works.").privately();
                });
    }

    /** The scopes this user may put on a key (and so revoke keys with). */
    private Set<ApiScope> grantable(CommandInput input) {
        if (Operators.allowed(input, properties)) {
            return EnumSet.allOf(ApiScope.class);
        }
        return EnumSet.copyOf(PLAYER_SCOPES);
    }

    private List<ApiKeyView> keys(CommandInput input) {
        return queries.query(new FindApiKeys(input.player()), ApiKeys.class).join().keys();
    }

    private static Integer integer(CommandInput input, String name) {
        String raw = input.option(name);
        if (raw == null) {
            return null;
        }
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw CommandRefused.badOption(name + " must be a whole number, was '" + raw + "'.");
        }
    }

    private static String scopes(Set<ApiScope> scopes) {
        return scopes.stream().map(ApiScope::value).sorted().collect(Collectors.joining(", "));
    }
}
