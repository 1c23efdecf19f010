package dev.agis.command.subscription;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.subscription.SubscriptionCommands.CancelSubscription;
import dev.agis.domain.subscription.SubscriptionCommands.EndSubscriptionPeriod;
import dev.agis.domain.subscription.SubscriptionCommands.RecordSubscriptionPayment;
import dev.agis.domain.subscription.SubscriptionCommands.Subscribe;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionActivated;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionCancelled;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionExpired;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentFailed;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionPaymentRequested;
import dev.agis.domain.subscription.SubscriptionEvents.SubscriptionRenewed;
import dev.agis.domain.subscription.SubscriptionId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

class SubscriptionTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant END1 = Instant.parse("2026-02-28T12:00:00Z"); // a month after Jan 31 (clamped)
    private static final Instant END2 = Instant.parse("2026-03-28T12:00:00Z");
    private static final PlayerId PLAYER_ID = PlayerId.of("1001");
    private static final SubscriptionId ID = SubscriptionId.ofPlayer(PLAYER_ID);
    private static final Actor PLAYER = Actor.user("1001");
    private static final Actor BILLING = Actor.system("billing");

    private AggregateTestFixture<Subscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Subscription.class);
        fixture.registerInjectableResource(new SubscriptionSettings(Period.ofMonths(1), SubscriptionSettings.defaultTiers()));
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SubscriptionPaymentRequested requested(int generation, int period, Instant start, Instant end, boolean initial) {
        return new SubscriptionPaymentRequested(ID, PLAYER_ID, "premium", Credits.of(3990), generation, period, start, end, initial,
                initial ? PLAYER : BILLING, NOW);
    }

    private static SubscriptionActivated activated() {
        return new SubscriptionActivated(ID, PLAYER_ID, "premium", new BigDecimal("1.5"), 10, 1, 1, NOW, END1, NOW);
    }

    @Test
    void subscribingRequestsTheFirstMonthsPayment() {
        fixture.givenNoPriorActivity()
                .when(new Subscribe(ID, "premium", PLAYER))
                .expectEvents(requested(1, 1, NOW, END1, true));
    }

    @Test
    void onlyPaidTiersCanBeSubscribedAndOnlyOnce() {
        fixture.givenNoPriorActivity().when(new Subscribe(ID, "free", PLAYER)).expectException(DomainException.class);
        fixture.givenNoPriorActivity().when(new Subscribe(ID, "gold", PLAYER)).expectException(DomainException.class);
        fixture.given(requested(1, 1, NOW, END1, true)).when(new Subscribe(ID, "premium", PLAYER)).expectException(DomainException.class);
        fixture.given(requested(1, 1, NOW, END1, true), activated()).when(new Subscribe(ID, "premium_plus", PLAYER))
                .expectException(DomainException.class);
    }

    @Test
    void aPaidFirstMonthActivatesTheTierAndSchedulesThePeriodEnd() {
        fixture.given(requested(1, 1, NOW, END1, true))
                .when(new RecordSubscriptionPayment(ID, 1, 1, true, null))
                .expectEvents(activated())
                .expectScheduledDeadlineWithName(END1, SubscriptionPeriodEnd.DEADLINE);
    }

    @Test
    void aRepeatedPaymentReportChangesNothing() {
        fixture.given(requested(1, 1, NOW, END1, true), activated())
                .when(new RecordSubscriptionPayment(ID, 1, 1, true, null))
                .expectNoEvents();
    }

    @Test
    void anUnpaidFirstMonthMeansNoSubscriptionAndTheNextAttemptIsANewGeneration() {
        fixture.given(requested(1, 1, NOW, END1, true))
                .when(new RecordSubscriptionPayment(ID, 1, 1, false, "INSUFFICIENT_FUNDS"))
                .expectEvents(new SubscriptionPaymentFailed(ID, PLAYER_ID, "premium", 1, 1, "INSUFFICIENT_FUNDS", NOW));
        fixture.given(requested(1, 1, NOW, END1, true), new SubscriptionPaymentFailed(ID, PLAYER_ID, "premium", 1, 1, "INSUFFICIENT_FUNDS", NOW))
                .when(new Subscribe(ID, "premium", PLAYER))
                .expectEvents(requested(2, 1, NOW, END1, true));
    }

    @Test
    void thePersistentDeadlineRequestsTheNextMonthsPaymentAtThePeriodEnd() {
        fixture.givenCurrentTime(NOW)
                .andGiven(requested(1, 1, NOW, END1, true))
                .andGivenCommands(new RecordSubscriptionPayment(ID, 1, 1, true, null))
                .whenThenTimeAdvancesTo(END1)
                .expectTriggeredDeadlinesWithName(SubscriptionPeriodEnd.DEADLINE)
                .expectEvents(requested(1, 2, END1, END2, false));
    }

    @Test
    void aPeriodEndThatFiresTwiceRenewsOnce() {
        fixture.given(requested(1, 1, NOW, END1, true), activated(), requested(1, 2, END1, END2, false))
                .when(new EndSubscriptionPeriod(ID, 1, 1))
                .expectNoEvents();
        fixture.given(requested(1, 1, NOW, END1, true), activated(), requested(1, 2, END1, END2, false),
                        new SubscriptionRenewed(ID, PLAYER_ID, "premium", new BigDecimal("1.5"), 10, 1, 2, END1, END2, NOW))
                .when(new EndSubscriptionPeriod(ID, 1, 1))
                .expectNoEvents();
    }

    @Test
    void aPaidRenewalExtendsAndAnUnpaidOneExpires() {
        fixture.given(requested(1, 1, NOW, END1, true), activated(), requested(1, 2, END1, END2, false))
                .when(new RecordSubscriptionPayment(ID, 1, 2, true, null))
                .expectEvents(new SubscriptionRenewed(ID, PLAYER_ID, "premium", new BigDecimal("1.5"), 10, 1, 2, END1, END2, NOW));
        fixture.given(requested(1, 1, NOW, END1, true), activated(), requested(1, 2, END1, END2, false))
                .when(new RecordSubscriptionPayment(ID, 1, 2, false, "INSUFFICIENT_FUNDS"))
                .expectEvents(new SubscriptionExpired(ID, PLAYER_ID, "insufficient_funds", NOW));
    }

    @Test
    void aCancelledSubscriptionRunsToThePeriodEndThenExpires() {
        fixture.given(requested(1, 1, NOW, END1, true), activated())
                .when(new CancelSubscription(ID, PLAYER))
                .expectEvents(new SubscriptionCancelled(ID, PLAYER_ID, END1, PLAYER, NOW));
        fixture.given(requested(1, 1, NOW, END1, true), activated(), new SubscriptionCancelled(ID, PLAYER_ID, END1, PLAYER, NOW))
                .when(new EndSubscriptionPeriod(ID, 1, 1))
                .expectEvents(new SubscriptionExpired(ID, PLAYER_ID, "cancelled", NOW));
    }

    @Test
    void cancellingWithoutASubscriptionIsRefused() {
        fixture.given(requested(1, 1, NOW, END1, true), new SubscriptionPaymentFailed(ID, PLAYER_ID, "premium", 1, 1, "X", NOW))
                .when(new CancelSubscription(ID, PLAYER))
                .expectException(DomainException.class);
    }
}
