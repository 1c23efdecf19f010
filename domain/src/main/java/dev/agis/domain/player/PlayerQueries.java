package dev.agis.domain.player;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;

import java.time.Instant;

/** Queries about one player across the read models (wallet, subscription, servers, conversions). */
public final class PlayerQueries {

    private PlayerQueries() {
    }

    /** The player's account; answers zeros, the free tier and a null {@code createdAt} for a player never seen. */
    public record FindPlayerAccount(PlayerId playerId) {
    }

    /**
     * @param tier               {@code free}, {@code premium} or {@code premium_plus}
     * @param subscriptionStatus {@code none}, {@code pending_payment}, {@code active}, {@code cancelled} or {@code expired}
     * @param createdAt          when the wallet saw its first movement; null if it never did
     */
    public record PlayerAccount(PlayerId playerId, AccountId accountId, Credits balance, Credits held, Credits available,
                                String tier, String subscriptionStatus, Instant periodEnd, Instant createdAt) {
    }

    public record FindPlayerStats(PlayerId playerId) {
    }

    /**
     * @param earned        every credit the wallet received (rewards, grants, refunds, transfers in)
     * @param spent         every debit, transfer out and captured hold
     * @param servers       servers the player ever requested; {@code activeServers} of them requested, running or restarting
     * @param serverSeconds running time of all the player's servers
     * @param conversions   ad conversions recorded for the player; {@code conversionsCredited} of them credited
     */
    public record PlayerStats(PlayerId playerId, Credits balance, Credits earned, Credits spent, long servers, long activeServers,
                              long serverSeconds, long conversions, long conversionsCredited) {
    }
}
