package dev.agis.command.consent;

import dev.agis.domain.common.DomainException;
import dev.agis.domain.consent.ConsentCommands.GrantConsent;
import dev.agis.domain.consent.ConsentCommands.WithdrawConsent;
import dev.agis.domain.consent.ConsentError;
import dev.agis.domain.consent.ConsentEvents.ConsentGranted;
import dev.agis.domain.consent.ConsentEvents.ConsentWithdrawn;
import dev.agis.domain.consent.ConsentId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One player's consent to one purpose (SPEC §2.8), id {@code consent:<player>:<purpose>}. Its
 * events are the history: every grant and withdrawal with policy version, channel, actor and time.
 */
@Aggregate
public class Consent {

    /** A policy version or channel: a short word, never free text (these are not personal data). */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._\\-]{1,32}");

    @AggregateIdentifier
    private String id;
    private boolean granted;
    private String policyVersion;

    protected Consent() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(GrantConsent cmd, Clock clock) {
        check(cmd.consentId(), cmd.playerId().value(), cmd.purpose().wireName(), cmd.channel(), cmd.actor());
        if (cmd.policyVersion() == null || !WORD.matcher(cmd.policyVersion()).matches()) {
            throw new DomainException(ConsentError.INVALID_CONSENT, "policy version must be 1..32 characters of A-Z, a-z, 0-9, '.', '-' or '_'");
        }
        if (granted && cmd.policyVersion().equals(policyVersion)) {
            return; // the same consent again: nothing new to record
        }
        apply(new ConsentGranted(cmd.consentId(), cmd.playerId(), cmd.purpose(), cmd.policyVersion(), cmd.channel(), cmd.actor(),
                clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(WithdrawConsent cmd, Clock clock) {
        check(cmd.consentId(), cmd.playerId().value(), cmd.purpose().wireName(), cmd.channel(), cmd.actor());
        if (!granted) {
            throw new DomainException(ConsentError.NOT_GRANTED, cmd.purpose().wireName() + " is not granted");
        }
        apply(new ConsentWithdrawn(cmd.consentId(), cmd.playerId(), cmd.purpose(), policyVersion, cmd.channel(), cmd.actor(),
                clock.instant()));
    }

    /** The id must name the same player and purpose as the command, so the history stays one per pair. */
    private static void check(ConsentId consentId, String player, String purpose, String channel, Object actor) {
        if (!consentId.value().equals("consent:" + player + ":" + purpose)) {
            throw new DomainException(ConsentError.INVALID_CONSENT, "consent id " + consentId + " does not match player and purpose");
        }
        if (channel == null || !WORD.matcher(channel).matches()) {
            throw new DomainException(ConsentError.INVALID_CONSENT, "channel must be 1..32 characters of A-Z, a-z, 0-9, '.', '-' or '_'");
        }
        if (actor == null) {
            throw new DomainException(ConsentError.INVALID_CONSENT, "actor is required");
        }
    }

    @EventSourcingHandler
    void on(ConsentGranted e) {
        id = e.consentId().value();
        granted = true;
        policyVersion = e.policyVersion();
    }

    @EventSourcingHandler
    void on(ConsentWithdrawn e) {
        id = e.consentId().value();
        granted = false;
    }
}
