package dev.agis.domain.consent;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the consent context (SPEC §2.8): one aggregate per player and purpose. */
public final class ConsentCommands {

    private ConsentCommands() {
    }

    /**
     * The player agrees to {@code purpose} under {@code policyVersion} (e.g. {@code 2026-11}),
     * through {@code channel} ({@code discord}, {@code api}, {@code operator} …). Granting the
     * version already granted changes nothing.
     */
    public record GrantConsent(@TargetAggregateIdentifier ConsentId consentId, PlayerId playerId, ConsentPurpose purpose,
                               String policyVersion, String channel, Actor actor) {

        public static GrantConsent of(PlayerId player, ConsentPurpose purpose, String policyVersion, String channel, Actor actor) {
            return new GrantConsent(ConsentId.of(player, purpose), player, purpose, policyVersion, channel, actor);
        }
    }

    /** The player takes the consent back. Withdrawing what is not granted is refused ({@code NOT_GRANTED}). */
    public record WithdrawConsent(@TargetAggregateIdentifier ConsentId consentId, PlayerId playerId, ConsentPurpose purpose,
                                  String channel, Actor actor) {

        public static WithdrawConsent of(PlayerId player, ConsentPurpose purpose, String channel, Actor actor) {
            return new WithdrawConsent(ConsentId.of(player, purpose), player, purpose, channel, actor);
        }
    }
}
