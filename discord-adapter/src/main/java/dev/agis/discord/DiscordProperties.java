package dev.agis.discord;

import dev.agis.discord.notify.WebhookChannel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Discord bot ({@code agis.discord.*}, docs/discord.md).
 *
 * @param token          the bot token (DISCORD_TOKEN); empty = the bot is off
 * @param guildId        register the commands in this guild only (DISCORD_GUILD_ID, instant while testing);
 *                       empty = globally
 * @param adminGuildId   the operator guild (DISCORD_ADMIN_GUILD_ID): the only guild where /grant works;
 *                       empty = operator commands are refused everywhere
 * @param apiBaseUrl     Discord's REST API; changed only to talk to a local fake Discord in tests
 * @param confirmTimeout how long a confirmation button stays valid
 * @param deferAfter     a command still running after this is deferred ("thinking…"), so the
 *                       interaction is acknowledged well within Discord's 3 s
 * @param workers        threads running commands (each waits for the core)
 * @param ownershipCheckEvery how often an instance tries to take the gateway (PostgreSQL advisory
 *                       lock) and the owner checks it still holds it: the takeover time after the
 *                       owner dies
 * @param webhooks       notification webhook URL per channel (DISCORD_WEBHOOK_PAYMENTS, …); empty = none
 * @param ownership      how the instances agree on the one that holds the gateway
 * @param notifications  what the notifications watch beyond single events
 */
@Validated
@ConfigurationProperties("agis.discord")
public record DiscordProperties(@DefaultValue("") String token,
                                @DefaultValue("") @Pattern(regexp = "|[0-9]{1,20}", message = "must be a Discord guild id") String guildId,
                                @DefaultValue("") @Pattern(regexp = "|[0-9]{1,20}", message = "must be a Discord guild id") String adminGuildId,
                                @DefaultValue("https://discord.com/api/v10/") @NotBlank String apiBaseUrl,
                                @DefaultValue("PT2M") @NotNull Duration confirmTimeout,
                                @DefaultValue("PT0.7S") @NotNull Duration deferAfter,
                                @DefaultValue("16") int workers,
                                @DefaultValue("PT5S") @NotNull Duration ownershipCheckEvery,
                                @DefaultValue @Valid Webhooks webhooks,
                                @DefaultValue @Valid Ownership ownership,
                                @DefaultValue @Valid Notifications notifications) {

    /** The two ways to pick the gateway owner (docs/discord.md). */
    public enum OwnershipMode {
        /** A PostgreSQL session advisory lock on the shared database: nothing else needed. */
        LOCK,
        /** A {@code coordination.k8s.io} Lease through fabric8's LeaderElector: in a Kubernetes cluster. */
        LEASE
    }

    /**
     * {@code agis.discord.ownership.*} (DISCORD_OWNERSHIP, DISCORD_LEASE_NAMESPACE, DISCORD_LEASE_NAME).
     *
     * @param mode           {@code lock} (default) or {@code lease}
     * @param leaseNamespace the Lease's namespace; empty = the client's (in a pod: its own namespace)
     * @param leaseName      the Lease's name, the same on every instance
     * @param identity       this instance in the Lease; empty = the host name (in a pod: the pod name)
     * @param leaseDuration  how long a Lease not renewed stays with a dead owner: with {@code retryPeriod},
     *                       the takeover time after a crash (a clean shutdown releases the Lease at once)
     * @param renewDeadline  the owner gives the gateway up when it could not renew for this long
     * @param retryPeriod    how often the owner renews and the others try to take the Lease
     */
    public record Ownership(@DefaultValue("LOCK") @NotNull OwnershipMode mode,
                            @DefaultValue("") String leaseNamespace,
                            @DefaultValue("agis-discord-gateway") @NotBlank String leaseName,
                            @DefaultValue("") String identity,
                            @DefaultValue("PT15S") @NotNull Duration leaseDuration,
                            @DefaultValue("PT10S") @NotNull Duration renewDeadline,
                            @DefaultValue("PT2S") @NotNull Duration retryPeriod) {
    }

    /**
     * {@code agis.discord.notifications.*}.
     *
     * @param largeTreasuryMovement a guild treasury credit or debit of at least this many GC is posted to payments
     * @param processorCheckEvery   how often the event processors' status is read for the critical channel
     */
    public record Notifications(@DefaultValue("10000") @Min(1) long largeTreasuryMovement,
                                @DefaultValue("PT10S") @NotNull Duration processorCheckEvery) {
    }

    /**
     * One optional webhook URL per notification channel.
     *
     * @param queueCapacity notifications waiting at most; more are dropped (never blocking events)
     * @param maxAttempts   tries per notification (429 and server errors are retried)
     * @param firstBackoff  the wait after the first failure, doubled each time (429 waits as Discord says)
     */
    public record Webhooks(@DefaultValue("") String payments, @DefaultValue("") String ads, @DefaultValue("") String infra,
                           @DefaultValue("") String security, @DefaultValue("") String performance,
                           @DefaultValue("") String revenue, @DefaultValue("") String critical,
                           @DefaultValue("") String compliance,
                           @DefaultValue("1000") @Min(1) int queueCapacity,
                           @DefaultValue("5") @Min(1) int maxAttempts,
                           @DefaultValue("PT1S") @NotNull Duration firstBackoff) {

        /** The configured URLs by channel. */
        public Map<WebhookChannel, URI> urls() {
            Map<WebhookChannel, URI> urls = new EnumMap<>(WebhookChannel.class);
            String[] values = {payments, ads, infra, security, performance, revenue, critical, compliance};
            for (WebhookChannel channel : WebhookChannel.values()) {
                String value = values[channel.ordinal()];
                if (value != null && !value.isBlank()) {
                    urls.put(channel, URI.create(value.trim()));
                }
            }
            return urls;
        }
    }

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    /** The base URL with a trailing slash, as JDA and our own REST calls append paths. */
    public String apiBase() {
        return apiBaseUrl.endsWith("/") ? apiBaseUrl : apiBaseUrl + "/";
    }
}
