package dev.agis.command.conversion;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.conversion.ConversionCommands.ApproveConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionCommands.RecordReversal;
import dev.agis.domain.conversion.ConversionCommands.RejectConversion;
import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionFlagged;
import dev.agis.domain.conversion.ConversionEvents.ConversionRecordedAfterReversal;
import dev.agis.domain.conversion.ConversionEvents.ConversionRejected;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionOutcome;
import dev.agis.domain.conversion.ConversionOutcome.Status;
import dev.agis.domain.conversion.RewardFactors;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final ConversionId ID = ConversionId.ayet("abc123");
    private static final RewardFactors PREMIUM = new RewardFactors("premium", new BigDecimal("1.5"), BigDecimal.ONE, null, null);
    private static final Actor ADMIN = Actor.admin("42");
    private static final PlayerId PLAYER = PlayerId.of("1001");

    private AggregateTestFixture<Conversion> fixture;
    private final AtomicLong recentConversions = new AtomicLong();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversion.class);
        fixture.registerInjectableResource(new ConversionSettings(10000, new ConversionSettings.Fraud(true, 10, 10000, Set.of("666"))));
        fixture.registerInjectableResource((ConversionVelocity) (player, since) -> recentConversions.get());
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RecordConversion record(PlayerId player, String amount, boolean sourceAllowed) {
        return new RecordConversion(ID, "abc123", player, "offerwall", new BigDecimal(amount), PREMIUM, sourceAllowed, Map.of("offer_id", "7"));
    }

    private static ConversionRewarded rewarded(long reward) {
        return new ConversionRewarded(ID, "abc123", PLAYER, "offerwall", new BigDecimal("100"), PREMIUM, Credits.of(reward), false,
                Map.of("offer_id", "7"), NOW);
    }

    private static ConversionFlagged flagged(long reward) {
        return new ConversionFlagged(ID, "abc123", PLAYER, "offerwall", new BigDecimal("100"), PREMIUM, Credits.of(reward), false,
                List.of(FraudRules.EXCESSIVE_VELOCITY), Map.of("offer_id", "7"), NOW);
    }

    private static RecordReversal reversal(PlayerId player) {
        return new RecordReversal(ID, "r-abc123", player, new BigDecimal("-100"), "fraud", Map.of());
    }

    @Test
    void aCleanConversionIsRewardedWithTheFactorsApplied() {
        fixture.givenNoPriorActivity()
                .when(record(PLAYER, "100", true))
                .expectEvents(rewarded(150))
                .expectResultMessagePayload(new ConversionOutcome(ID, Status.REWARDED, Credits.of(150), List.of()));
    }

    @Test
    void aResendChangesNothing() {
        fixture.given(rewarded(150))
                .when(record(PLAYER, "100", true))
                .expectNoEvents()
                .expectResultMessagePayload(new ConversionOutcome(ID, Status.DUPLICATE, Credits.of(150), List.of()));
    }

    @Test
    void theTenthConversionWithinAnHourIsFlaggedAndCreditsNothing() {
        recentConversions.set(10);
        fixture.givenNoPriorActivity()
                .when(record(PLAYER, "100", true))
                .expectEvents(flagged(150))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(p -> ((ConversionOutcome) p).status() == Status.FLAGGED));
    }

    @Test
    void blockedPlayersOversizedAmountsAndForeignSourcesAreFlaggedWithTheirReasons() {
        fixture.givenNoPriorActivity()
                .when(new RecordConversion(ID, "abc123", PlayerId.of("666"), "offerwall", new BigDecimal("8000"), PREMIUM, false, Map.of()))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(p -> ((ConversionOutcome) p).flagReasons()
                        .equals(List.of(FraudRules.AMOUNT_OVER_CAP, FraudRules.BLOCKED_PLAYER, FraudRules.SOURCE_NOT_ALLOWED))))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(p -> p instanceof ConversionFlagged f
                                        && f.reward().equals(Credits.of(10000)) && f.capped()),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void approvalOfAFlaggedConversionCreditsItsRewardOnce() {
        fixture.given(flagged(150))
                .when(new ApproveConversion(ID, ADMIN, "checked"))
                .expectEvents(new ConversionApproved(ID, "abc123", PLAYER, "offerwall", Credits.of(150), ADMIN, "checked", NOW));
        fixture.given(flagged(150), new ConversionApproved(ID, "abc123", PLAYER, "offerwall", Credits.of(150), ADMIN, "checked", NOW))
                .when(new ApproveConversion(ID, ADMIN, "again"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(p -> ((ConversionOutcome) p).status() == Status.DUPLICATE));
    }

    @Test
    void onlyFlaggedConversionsCanBeApprovedOrRejectedAndOnlyByAnAdmin() {
        fixture.given(rewarded(150)).when(new ApproveConversion(ID, ADMIN, null)).expectException(dev.agis.domain.common.DomainException.class);
        fixture.givenNoPriorActivity().when(new ApproveConversion(ID, ADMIN, null)).expectException(dev.agis.domain.common.DomainException.class);
        fixture.given(flagged(150)).when(new ApproveConversion(ID, Actor.user("1001"), null)).expectException(dev.agis.domain.common.DomainException.class);
        fixture.given(flagged(150), new ConversionRejected(ID, "abc123", PLAYER, ADMIN, "fraud", NOW))
                .when(new ApproveConversion(ID, ADMIN, null)).expectException(dev.agis.domain.common.DomainException.class);
    }

    @Test
    void rejectionNeverCredits() {
        fixture.given(flagged(150))
                .when(new RejectConversion(ID, ADMIN, "fraud"))
                .expectEvents(new ConversionRejected(ID, "abc123", PLAYER, ADMIN, "fraud", NOW));
    }

    @Test
    void aReversalDebitsExactlyWhatWasCreditedToTheCreditedPlayer() {
        fixture.given(rewarded(150))
                .when(reversal(PlayerId.of("someone-else")))
                .expectEvents(new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.of(150), true, "fraud", Map.of(), NOW));
    }

    @Test
    void aReversalOfAFlaggedOrRejectedConversionDebitsNothingAndBlocksApproval() {
        fixture.given(flagged(150))
                .when(reversal(PLAYER))
                .expectEvents(new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.ZERO, true, "fraud", Map.of(), NOW));
        fixture.given(flagged(150), new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.ZERO, true, "fraud", Map.of(), NOW))
                .when(new ApproveConversion(ID, ADMIN, null))
                .expectException(dev.agis.domain.common.DomainException.class);
    }

    @Test
    void aReversalOfAnApprovedConversionDebitsTheApprovedReward() {
        fixture.given(flagged(150), new ConversionApproved(ID, "abc123", PLAYER, "offerwall", Credits.of(150), ADMIN, null, NOW))
                .when(reversal(PLAYER))
                .expectEvents(new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.of(150), true, "fraud", Map.of(), NOW));
    }

    @Test
    void aRepeatedReversalChangesNothing() {
        fixture.given(rewarded(150), new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.of(150), true, "fraud", Map.of(), NOW))
                .when(reversal(PLAYER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(p -> ((ConversionOutcome) p).status() == Status.DUPLICATE));
    }

    @Test
    void aReversalBeforeItsConversionIsKeptAndTheConversionIsThenNeverCredited() {
        fixture.givenNoPriorActivity()
                .when(reversal(PLAYER))
                .expectEvents(new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.ZERO, false, "fraud", Map.of(), NOW));
        fixture.given(new ConversionReversed(ID, "r-abc123", PLAYER, new BigDecimal("-100"), Credits.ZERO, false, "fraud", Map.of(), NOW))
                .when(record(PLAYER, "100", true))
                .expectEvents(new ConversionRecordedAfterReversal(ID, "abc123", PLAYER, "offerwall", new BigDecimal("100"), PREMIUM,
                        Credits.of(150), Map.of("offer_id", "7"), NOW))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(p -> ((ConversionOutcome) p).status() == Status.ALREADY_REVERSED));
    }

    @Test
    void badInputIsRefusedAndStoresNothing() {
        fixture.givenNoPriorActivity().when(record(PLAYER, "-5", true)).expectNoEvents().expectException(dev.agis.domain.common.DomainException.class);
        // a malformed id cannot be built any more (PlayerIdTest); a missing one is still refused
        fixture.givenNoPriorActivity().when(record(null, "5", true)).expectNoEvents().expectException(dev.agis.domain.common.DomainException.class);
        fixture.givenNoPriorActivity().when(new RecordReversal(ID, "r-abc123", PLAYER, new BigDecimal("5"), null, Map.of()))
                .expectNoEvents().expectException(dev.agis.domain.common.DomainException.class);
    }

    @Test
    void fraudRulesCanBeSwitchedOff() {
        ConversionSettings.Fraud off = new ConversionSettings.Fraud(false, 1, 1, Set.of("1001"));
        assertThat(FraudRules.evaluate(new FraudRules.Input(PLAYER, 99, 99999, false), off)).isEmpty();
        ConversionSettings.Fraud on = new ConversionSettings.Fraud(true, 0, 0, Set.of());
        assertThat(FraudRules.evaluate(new FraudRules.Input(PLAYER, 99, 99999, true), on)).as("0 disables a threshold").isEmpty();
    }
}
