package dev.agis.discord.notify;

import dev.agis.discord.DiscordProperties;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentPurpose;
import dev.agis.domain.consent.ConsentQueries.CurrentConsent;
import dev.agis.domain.consent.ConsentQueries.FindCurrentConsent;
import dev.agis.domain.conversion.ConversionEvents.ConversionFlagged;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerFundsLow;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.awt.Color;
import java.time.Instant;

/**
 * Events worth a human's attention, posted to the notification webhooks. A subscribing processor
 * (registered in the application's Axon configuration): it runs where the event is committed, is
 * never replayed, and only queues the post after the commit, so a rolled-back event posts nothing
 * and a slow webhook never holds up the command. Handlers never throw: a notification must not fail
 * the command that caused it.
 */
@Component
@ProcessingGroup(Notifications.GROUP)
@DisallowReplay
public class Notifications {

    public static final String GROUP = "discord-notifications";

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final Color RED = new Color(0xED4245);
    private static final Color YELLOW = new Color(0xFEE75C);

    private final WebhookNotifier notifier;
    private final QueryGateway queries;
    private final long largeTreasuryMovement;

    public Notifications(WebhookNotifier notifier, DiscordProperties properties, QueryGateway queries) {
        this.notifier = notifier;
        this.queries = queries;
        this.largeTreasuryMovement = properties.notifications().largeTreasuryMovement();
    }

    // --- large treasury movements → payments (money in or out of a guild treasury; holds move none)

    @EventHandler
    void on(AccountCredited e) {
        treasuryMovement(e, "in");
    }

    @EventHandler
    void on(AccountDebited e) {
        treasuryMovement(e, "out");
    }

    @EventHandler
    void on(TransferSent e) {
        treasuryMovement(e, "out to " + e.to());
    }

    @EventHandler
    void on(HoldCaptured e) {
        treasuryMovement(e, "out");
    }

    private void treasuryMovement(Movement m, String direction) {
        if (m.accountId().kind() != AccountKind.GUILD || m.amount().value() < largeTreasuryMovement) {
            return;
        }
        afterCommit(WebhookChannel.PAYMENTS, "Large treasury movement", m.accountId() + ": " + m.amount() + " " + direction
                + " (" + m.reason() + ", by " + m.actor() + (m.counterpart() == null ? "" : ", for `" + m.counterpart() + "`")
                + "). Balance after: " + m.balanceAfter() + ".", YELLOW);
    }

    @EventHandler
    void on(ConversionFlagged e) {
        afterCommit(WebhookChannel.SECURITY, "Conversion flagged", "Player `" + e.playerId() + "`, transaction `"
                + e.transactionId() + "`: " + String.join(", ", e.reasons()) + ". Would credit " + e.reward() + " if approved.", RED);
    }

    @EventHandler
    void on(ConversionReversed e) {
        if (e.debit().isPositive()) {
            afterCommit(WebhookChannel.ADS, "Chargeback", "Player `" + e.playerId() + "`, reversal `" + e.reversalTransactionId()
                    + "`: " + e.debit() + " taken back.", YELLOW);
        }
    }

    @EventHandler
    void on(ServerAllocationFailed e) {
        afterCommit(WebhookChannel.INFRA, "Server failed to start", "`" + e.serverId().uuid() + "` of " + e.owner()
                + ": " + e.reason() + ". Nothing was charged.", RED);
    }

    @EventHandler
    void on(ServerCrashed e) {
        afterCommit(WebhookChannel.INFRA, "Server crashed", "`" + e.serverId().uuid() + "` of " + e.owner() + ": " + e.reason()
                + ". Refunded " + e.refund() + ".", RED);
    }

    @EventHandler
    void on(ServerFundsLow e) {
        afterCommit(WebhookChannel.PAYMENTS, "Funds low", e.owner() + " has " + e.available() + " available; server `"
                + e.serverId().uuid() + "` stops at " + e.stopsAt() + " unless topped up.", YELLOW);
        tellPlayer(e.owner(), "Your wallet runs low", "What is left (" + e.available() + ") cannot pay the next hour of your server `"
                + e.serverId().uuid() + "`. Unless you top up, it stops " + time(e.stopsAt()) + ".", YELLOW);
    }

    @EventHandler
    void on(ServerPaymentMissed e) {
        afterCommit(WebhookChannel.PAYMENTS, "Payment overdue", e.owner() + " cannot pay " + e.amount() + " for server `"
                + e.serverId().uuid() + "`; it runs on its grace period and stops at " + e.stopsAt() + " unless paid by then.", RED);
        tellPlayer(e.owner(), "Your server will stop", "Your wallet could not pay the next hour (" + e.amount() + ") of your server `"
                + e.serverId().uuid() + "`. It keeps running until " + time(e.stopsAt())
                + " and stops then unless your wallet can pay it: check `/balance`.", RED);
    }

    /**
     * A direct message to the player who owns the server (guild treasuries have the payments channel),
     * only if the player consented to {@code notifications} (SPEC §2.8; docs/privacy.md).
     */
    private void tellPlayer(AccountId owner, String title, String description, Color color) {
        if (owner.kind() == AccountKind.USER) {
            afterCommit(() -> {
                if (consentsToNotifications(owner.ownerId())) {
                    notifier.postDirect(owner.ownerId(), title, description, color);
                }
            });
        }
    }

    /** Unknown consent (the query failed) counts as not given: a missed message beats an unwanted one. */
    private boolean consentsToNotifications(String playerId) {
        try {
            CurrentConsent consent = queries.query(new FindCurrentConsent(PlayerId.of(playerId)), CurrentConsent.class).join();
            return consent.granted(ConsentPurpose.NOTIFICATIONS);
        } catch (RuntimeException e) {
            log.warn("No direct message to player {}: their consent could not be read ({})", playerId, e.toString());
            return false;
        }
    }

    /** Discord renders {@code <t:…:f>} in the reader's time zone. */
    private static String time(Instant at) {
        return "<t:" + at.getEpochSecond() + ":f> (<t:" + at.getEpochSecond() + ":R>)";
    }

    @EventHandler
    void on(SubscriptionPaymentFailed e) {
        afterCommit(WebhookChannel.PAYMENTS, "Subscription payment failed", "Player `" + e.playerId() + "`, tier " + e.tier()
                + ": " + e.reason() + ".", YELLOW);
    }

    private void afterCommit(WebhookChannel channel, String title, String description, Color color) {
        if (notifier.configured(channel)) {
            afterCommit(() -> notifier.post(channel, title, description, color));
        }
    }

    private void afterCommit(Runnable post) {
        try {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(u -> post.run());
            } else {
                post.run();
            }
        } catch (RuntimeException e) {
            log.warn("Could not queue a notification: {}", e.toString());
        }
    }
}
