package dev.agis.command.conversion;

import dev.agis.domain.common.PlayerId;

import java.util.ArrayList;
import java.util.List;

/**
 * The fraud rules (SPEC §2.2), each with a stable reason code. Pure: the caller supplies the
 * player's recent conversion count. A conversion that trips any rule is flagged, not credited.
 */
public final class FraudRules {

    public static final String EXCESSIVE_VELOCITY = "excessive_velocity";
    public static final String AMOUNT_OVER_CAP = "amount_over_cap";
    public static final String BLOCKED_PLAYER = "blocked_player";
    public static final String SOURCE_NOT_ALLOWED = "source_not_allowed";

    private FraudRules() {
    }

    /**
     * @param conversionsLastHour conversions of this player recorded in the hour before this one
     * @param uncappedReward      the reward before the per-conversion cap
     */
    public record Input(PlayerId playerId, long conversionsLastHour, long uncappedReward, boolean sourceAllowed) {
    }

    public static List<String> evaluate(Input in, ConversionSettings.Fraud rules) {
        List<String> reasons = new ArrayList<>();
        if (!rules.enabled()) {
            return reasons;
        }
        if (rules.maxPerHour() > 0 && in.conversionsLastHour() >= rules.maxPerHour()) {
            reasons.add(EXCESSIVE_VELOCITY);
        }
        if (rules.maxAmount() > 0 && in.uncappedReward() > rules.maxAmount()) {
            reasons.add(AMOUNT_OVER_CAP);
        }
        if (rules.blockedPlayers().contains(in.playerId().value())) {
            reasons.add(BLOCKED_PLAYER);
        }
        if (!in.sourceAllowed()) {
            reasons.add(SOURCE_NOT_ALLOWED);
        }
        return reasons;
    }
}
