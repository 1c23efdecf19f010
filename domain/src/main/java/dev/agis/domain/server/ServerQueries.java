package dev.agis.domain.server;

import dev.agis.domain.account.AccountId;

import java.time.Instant;
import java.util.List;

/** Queries over the catalog and the game-server read models. */
public final class ServerQueries {

    private ServerQueries() {
    }

    public record FindServerTemplates() {
    }

    public record ServerTemplates(List<ServerTemplate> templates) {
    }

    public record FindShopPackages() {
    }

    public record ShopPackages(List<ShopPackage> packages) {
    }

    /** One server; answers {@code null} when unknown. */
    public record FindServer(ServerId serverId) {
    }

    /**
     * A page of an owner's servers, newest first; {@code cursor} is null for the first page, then
     * the previous page's {@code nextCursor}. {@code game} and {@code state} filter when not null.
     */
    public record FindServersByOwner(AccountId owner, String game, ServerState state, Long cursor, int limit) {
    }

    public record ServerView(ServerId serverId, AccountId owner, String templateId, String game, String name,
                             ServerState state, String address, Integer port, String gameServerName, int period,
                             Instant paidUntil, boolean autoRenew, long costPerHour, long serverSeconds,
                             String lastReason, Instant createdAt, Instant updatedAt) {
    }

    public record ServerPage(List<ServerView> servers, Long nextCursor) {
    }

    /** Servers that are, or are about to be, on the fleet (requested, running, restarting), for reconciliation. */
    public record FindClaimedGameServers() {
    }

    /** {@code gameServerName} is null while an allocation is under way. */
    public record ClaimedGameServer(ServerId serverId, ServerState state, String gameServerName) {
    }

    public record ClaimedGameServers(List<ClaimedGameServer> servers) {
    }

    /** Owners by total server running time. */
    public record FindServersLeaderboard(int limit) {
    }

    public record ServerHoursEntry(int rank, AccountId owner, double serverHours, int servers) {
    }

    public record ServersLeaderboard(List<ServerHoursEntry> entries) {
    }
}
