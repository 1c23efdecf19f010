package dev.agis.command.server;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.server.ServerCommands.BeginStart;
import dev.agis.domain.server.ServerCommands.ConfirmAllocation;
import dev.agis.domain.server.ServerCommands.ConfirmRenewal;
import dev.agis.domain.server.ServerCommands.CreateServer;
import dev.agis.domain.server.ServerCommands.ReportAllocationFailed;
import dev.agis.domain.server.ServerCommands.ReportRenewalUnpaid;
import dev.agis.domain.server.ServerCommands.ReportServerLost;
import dev.agis.domain.server.ServerCommands.RestartServer;
import dev.agis.domain.server.ServerCommands.StartPlan;
import dev.agis.domain.server.ServerCommands.StopServer;
import dev.agis.domain.server.ServerCommands.TerminateServer;
import dev.agis.domain.server.ServerCommands.WarnLowFunds;
import dev.agis.domain.server.ServerError;
import dev.agis.domain.server.ServerEvents.ServerAllocationFailed;
import dev.agis.domain.server.ServerEvents.ServerAutoRenewChanged;
import dev.agis.domain.server.ServerEvents.ServerCrashed;
import dev.agis.domain.server.ServerEvents.ServerFundsLow;
import dev.agis.domain.server.ServerEvents.ServerPaymentMissed;
import dev.agis.domain.server.ServerEvents.ServerRenewalDue;
import dev.agis.domain.server.ServerEvents.ServerRenewed;
import dev.agis.domain.server.ServerEvents.ServerRequested;
import dev.agis.domain.server.ServerEvents.ServerRestartRequested;
import dev.agis.domain.server.ServerEvents.ServerStartRequested;
import dev.agis.domain.server.ServerEvents.ServerStarted;
import dev.agis.domain.server.ServerEvents.ServerStopped;
import dev.agis.domain.server.ServerEvents.ServerTerminated;
import dev.agis.domain.server.ServerId;
import dev.agis.domain.server.ServerState;
import dev.agis.domain.server.ServerTemplate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.andNoMore;

/** Behaviour of the GameServer aggregate: given events, when a command or a deadline, expect events. */
class GameServerTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ServerId ID = ServerId.of("server:11111111-2222-3333-4444-555555555555");
    static final AccountId OWNER = AccountId.user("42");
    static final AccountId STRANGER = AccountId.user("43");
    static final Actor USER = Actor.user("42");
    static final ServerTemplate MINECRAFT = new ServerTemplate("minecraft", "minecraft", "Minecraft", null, "solo", "player",
            "agis-dev-fleet", "500m", "1Gi", "2", "4Gi", null, Credits.of(30), Credits.ZERO, false, 120, 5);
    static final String HOLD0 = ID.value() + "/period-0";
    static final String ALLOC1 = ID.value() + "/alloc-1";

    private AggregateTestFixture<GameServer> fixture;
    private final SettableClock clock = new SettableClock();

    /** The aggregate's clock, set per test; the fixture's deadline manager keeps its own time. */
    static final class SettableClock extends Clock {
        Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GameServer.class);
        fixture.registerInjectableResource(clock);
    }

    private void clockAt(Instant at) {
        clock.now = at;
    }

    static ServerRequested requested(boolean autoRenew) {
        return new ServerRequested(ID, OWNER, "minecraft", "minecraft", "agis-dev-fleet", "mc", Credits.of(30), autoRenew,
                HOLD0, Credits.of(30), ALLOC1, USER, T0, 120);
    }

    static ServerStarted started() {
        return new ServerStarted(ID, OWNER, "minecraft", ALLOC1, "gs-1", "10.0.0.1", 7001, 0, HOLD0,
                T0.plus(Duration.ofHours(1)), false, T0);
    }

    @Test
    void creatingAServerRequestsAnAllocation() {
        fixture.givenNoPriorActivity()
                .when(new CreateServer(ID, OWNER, MINECRAFT, "mc", true, HOLD0, Credits.of(30), USER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested(true));
    }

    @Test
    void aBadNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateServer(ID, OWNER, MINECRAFT, "<b>", true, HOLD0, Credits.of(30), USER))
                .expectException(dev.agis.domain.common.DomainException.class)
                .expectExceptionMessage(Matchers.predicate(m -> m.toString().contains("server name")))
                .expectNoEvents();
    }

    @Test
    void confirmedAllocationStartsThePaidHourAndSchedulesItsEnd() {
        fixture.given(requested(true))
                .when(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001))
                .expectEvents(started())
                .expectResultMessagePayload(true)
                .expectScheduledDeadline(T0.plus(Duration.ofHours(1)), new ServerPeriodEnd(0));
    }

    @Test
    void aRepeatedConfirmationOfTheSameGameServerIsAcceptedAgain() {
        fixture.given(requested(true), started())
                .when(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001))
                .expectNoEvents()
                .expectResultMessagePayload(true);
    }

    @Test
    void aSecondGameServerForAConfirmedAllocationIsRefusedSoTheFleetReleasesIt() {
        // a redelivered request event makes the fleet driver allocate again under the same allocation id
        fixture.given(requested(true), started())
                .when(new ConfirmAllocation(ID, ALLOC1, "gs-2", "10.0.0.2", 7002))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aStaleAllocationIsRefusedSoTheFleetReleasesIt() {
        fixture.given(requested(true))
                .when(new ConfirmAllocation(ID, ID.value() + "/alloc-9", "gs-2", "10.0.0.2", 7002))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aFailedFirstAllocationFailsTheServerAndReleasesTheHold() {
        fixture.given(requested(true))
                .when(new ReportAllocationFailed(ID, ALLOC1, "no capacity"))
                .expectEvents(new ServerAllocationFailed(ID, OWNER, ALLOC1, HOLD0, ServerState.FAILED, "no capacity", T0));
    }

    @Test
    void theEndOfThePaidHourAsksForARenewal() {
        fixture.given(requested(true))
                .andGivenCommands(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEventsMatching(exactSequenceOf(Matchers.<org.axonframework.eventhandling.EventMessage<?>>matches(m -> m.getPayload() instanceof ServerRenewalDue due
                        && due.period() == 1 && due.amount().equals(Credits.of(30))), andNoMore()));
    }

    @Test
    void withAutoRenewOffTheEndOfThePaidHourStopsTheServer() {
        fixture.given(requested(false))
                .andGivenCommands(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEventsMatching(exactSequenceOf(Matchers.<org.axonframework.eventhandling.EventMessage<?>>matches(m -> m.getPayload() instanceof ServerStopped s
                        && s.gameServerName().equals("gs-1") && s.reason().contains("auto-renew is off")), andNoMore()));
    }

    @Test
    void aConfirmedRenewalExtendsThePaidTimeOnceAndSchedulesTheNextEnd() {
        Instant paidUntil = T0.plus(Duration.ofHours(2));
        ServerRenewed renewed = new ServerRenewed(ID, OWNER, 1, Credits.of(30), paidUntil, T0);
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), T0))
                .when(new ConfirmRenewal(ID, 1))
                .expectEvents(renewed)
                .expectResultMessagePayload(true)
                .expectScheduledDeadline(T0.plus(Duration.ofHours(2)), new ServerPeriodEnd(1));
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), T0), renewed)
                .when(new ConfirmRenewal(ID, 1))
                .expectNoEvents()
                .expectResultMessagePayload(true);
    }

    @Test
    void aRenewalForAServerStoppedMeanwhileIsRefusedSoBillingRefundsIt() {
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), T0),
                        new ServerStopped(ID, OWNER, "gs-1", "stopped by owner", USER, T0))
                .when(new ConfirmRenewal(ID, 1))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void lowFundsWarnOncePerPeriod() {
        // it stops when the 120-minute grace after the paid hour ends
        ServerFundsLow warned = new ServerFundsLow(ID, OWNER, 0, Credits.of(5), T0.plus(Duration.ofHours(3)), T0);
        fixture.given(requested(true), started())
                .when(new WarnLowFunds(ID, 0, Credits.of(5)))
                .expectEvents(warned);
        fixture.given(requested(true), started(), warned)
                .when(new WarnLowFunds(ID, 0, Credits.of(5)))
                .expectNoEvents();
    }

    @Test
    void onlyTheOwnerMayActOnAServer() {
        fixture.given(requested(true), started())
                .when(new StopServer(ID, STRANGER, Actor.user("43"), null))
                .expectException(dev.agis.domain.common.DomainException.class)
                .expectExceptionMessage(Matchers.predicate(m -> m.toString().contains("does not own")))
                .expectNoEvents();
    }

    @Test
    void stopThenStartOpensANewPeriodWithItsOwnHold() {
        ServerStopped stopped = new ServerStopped(ID, OWNER, "gs-1", "stopped by owner", USER, T0);
        fixture.given(requested(true), started())
                .when(new StopServer(ID, OWNER, USER, "stopped by owner"))
                .expectEvents(stopped);
        String hold1 = ID.value() + "/period-1";
        fixture.given(requested(true), started(), stopped)
                .when(new BeginStart(ID, OWNER, USER))
                .expectEvents(new ServerStartRequested(ID, OWNER, "minecraft", "agis-dev-fleet", 1, hold1, Credits.of(30),
                        ID.value() + "/alloc-2", USER, T0))
                .expectResultMessagePayload(new StartPlan(ID, OWNER, 1, hold1, Credits.of(30)));
    }

    @Test
    void startingARunningServerIsAnInvalidState() {
        fixture.given(requested(true), started())
                .when(new BeginStart(ID, OWNER, USER))
                .expectException(dev.agis.domain.common.DomainException.class)
                .expectExceptionMessage(Matchers.predicate(m -> m.toString().contains("while it is running")));
    }

    @Test
    void aSystemStopOfAStoppedServerIsANoOp() {
        fixture.given(requested(true), started(), new ServerStopped(ID, OWNER, "gs-1", "x", USER, T0))
                .when(new StopServer(ID, OWNER, Actor.system("billing"), "funds exhausted"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void restartReplacesTheGameServerWithoutANewHold() {
        String alloc2 = ID.value() + "/alloc-2";
        ServerRestartRequested restart = new ServerRestartRequested(ID, OWNER, "agis-dev-fleet", "minecraft", "gs-1", alloc2, USER, T0);
        fixture.given(requested(true), started())
                .when(new RestartServer(ID, OWNER, USER))
                .expectEvents(restart);
        fixture.given(requested(true), started(), restart)
                .when(new ConfirmAllocation(ID, alloc2, "gs-2", "10.0.0.2", 7002))
                .expectEvents(new ServerStarted(ID, OWNER, "minecraft", alloc2, "gs-2", "10.0.0.2", 7002, 0, null,
                        T0.plus(Duration.ofHours(1)), true, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCrashRefundsTheUnusedWholeMinutesOfThePaidHour() {
        clockAt(T0.plus(Duration.ofMinutes(20)).plusSeconds(30));
        fixture.given(requested(true), started())
                .when(new ReportServerLost(ID, "gs-1", "Unhealthy"))
                .expectEvents(new ServerCrashed(ID, OWNER, "gs-1", 0, Credits.of(19), "Unhealthy",
                        T0.plus(Duration.ofMinutes(20)).plusSeconds(30)));
    }

    @Test
    void aLossReportForAnotherGameServerIsIgnored() {
        fixture.given(requested(true), started())
                .when(new ReportServerLost(ID, "gs-old", "deleted"))
                .expectNoEvents();
    }

    @Test
    void terminateIsFinal() {
        ServerTerminated terminated = new ServerTerminated(ID, OWNER, "gs-1", USER, T0);
        fixture.given(requested(true), started())
                .when(new TerminateServer(ID, OWNER, USER))
                .expectEvents(terminated);
        fixture.given(requested(true), started(), terminated)
                .when(new TerminateServer(ID, OWNER, USER))
                .expectException(dev.agis.domain.common.DomainException.class);
        fixture.given(requested(true))
                .andGivenCommands(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001),
                        new TerminateServer(ID, OWNER, USER))
                .whenTimeElapses(Duration.ofHours(1))
                .expectNoEvents();
    }

    @Test
    void aStaleDeadlineAfterAStopDoesNothing() {
        fixture.given(requested(true))
                .andGivenCommands(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001),
                        new StopServer(ID, OWNER, USER, "stopped by owner"))
                .whenTimeElapses(Duration.ofHours(1))
                .expectNoEvents();
    }

    // --- guild discount and grace period (SPEC §2.3/§2.4) ---------------------------------------

    static final AccountId GUILD = AccountId.guild("77");
    static final ServerTemplate GUILD_SMALL = new ServerTemplate("minecraft-small", "minecraft", "Minecraft (small)", "S", "guild",
            "guild", "agis-dev-fleet", "1000m", "2Gi", "1000m", "2Gi", 10, Credits.of(100), Credits.of(500), false, 120, 5);
    static final Instant PAID_UNTIL = T0.plus(Duration.ofHours(1));
    static final Instant GRACE_ENDS = PAID_UNTIL.plus(Duration.ofMinutes(120));

    @Test
    void aGuildServerIsBilledAtTheDiscountedHourlyPrice() {
        fixture.givenNoPriorActivity()
                .when(new CreateServer(ID, GUILD, GUILD_SMALL, "guild mc", true, HOLD0, Credits.of(570), USER))
                .expectEvents(new ServerRequested(ID, GUILD, "minecraft-small", "minecraft", "agis-dev-fleet", "guild mc",
                        Credits.of(95), true, HOLD0, Credits.of(570), ALLOC1, USER, T0, 120));
    }

    @Test
    void aPlayersServerFromTheSameCatalogPaysTheListPrice() {
        fixture.givenNoPriorActivity()
                .when(new CreateServer(ID, OWNER, MINECRAFT, "mc", true, HOLD0, Credits.of(30), USER))
                .expectEventsMatching(exactSequenceOf(Matchers.<org.axonframework.eventhandling.EventMessage<?>>matches(m ->
                        m.getPayload() instanceof ServerRequested r && r.costPerHour().equals(Credits.of(30))), andNoMore()));
    }

    @Test
    void renewalsOfAGuildServerAskForTheDiscountedPrice() {
        ServerRequested guildRequested = new ServerRequested(ID, GUILD, "minecraft-small", "minecraft", "agis-dev-fleet", "g",
                Credits.of(95), true, HOLD0, Credits.of(570), ALLOC1, USER, T0, 120);
        fixture.given(guildRequested)
                .andGivenCommands(new ConfirmAllocation(ID, ALLOC1, "gs-1", "10.0.0.1", 7001))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEvents(new ServerRenewalDue(ID, GUILD, 1, Credits.of(95), T0));
    }

    @Test
    void anUnpaidPeriodStartsTheTemplatesGracePeriodInsteadOfAStop() {
        clockAt(PAID_UNTIL);
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL))
                .when(new ReportRenewalUnpaid(ID, 1))
                .expectEvents(new ServerPaymentMissed(ID, OWNER, 1, Credits.of(30), GRACE_ENDS, PAID_UNTIL))
                .expectScheduledDeadline(GRACE_ENDS, new ServerGraceEnd(1));
    }

    @Test
    void theEndOfTheGraceAsksForTheSamePeriodOnceMore() {
        clockAt(PAID_UNTIL);
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL))
                .andGivenCommands(new ReportRenewalUnpaid(ID, 1))
                .whenTimeElapses(Duration.ofMinutes(121))
                .expectEventsMatching(exactSequenceOf(Matchers.<org.axonframework.eventhandling.EventMessage<?>>matches(m ->
                        m.getPayload() instanceof ServerRenewalDue due && due.period() == 1
                                && due.amount().equals(Credits.of(30))), andNoMore()));
    }

    @Test
    void stillUnpaidWhenTheGraceEndsTheServerStops() {
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL),
                        new ServerPaymentMissed(ID, OWNER, 1, Credits.of(30), GRACE_ENDS, PAID_UNTIL),
                        new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), GRACE_ENDS))
                .when(new ReportRenewalUnpaid(ID, 1))
                .expectEvents(new ServerStopped(ID, OWNER, "gs-1", "funds exhausted: the grace period ended unpaid",
                        Actor.system("billing"), T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void paidWhenTheGraceEndsTheServerGoesOnAndEveryHourItRanIsCharged() {
        // the paid time continues from where it ended, so the hours of the grace are asked for next, at once
        Instant nextEnd = PAID_UNTIL.plus(Duration.ofHours(1));
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL),
                        new ServerPaymentMissed(ID, OWNER, 1, Credits.of(30), GRACE_ENDS, PAID_UNTIL),
                        new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), GRACE_ENDS))
                .when(new ConfirmRenewal(ID, 1))
                .expectEvents(new ServerRenewed(ID, OWNER, 1, Credits.of(30), nextEnd, T0))
                .expectResultMessagePayload(true)
                .expectScheduledDeadline(nextEnd, new ServerPeriodEnd(1));
    }

    @Test
    void withoutAGracePeriodAnUnpaidPeriodStopsTheServerAtOnce() {
        // events stored before grace periods existed carry none
        ServerRequested old = new ServerRequested(ID, OWNER, "minecraft", "minecraft", "agis-dev-fleet", "mc", Credits.of(30), true,
                HOLD0, Credits.of(30), ALLOC1, USER, T0, null);
        fixture.given(old, started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL))
                .when(new ReportRenewalUnpaid(ID, 1))
                .expectEvents(new ServerStopped(ID, OWNER, "gs-1", GameServer.FUNDS_EXHAUSTED, Actor.system("billing"), T0));
    }

    @Test
    void theGraceOfAServerStoppedMeanwhileEndsQuietly() {
        clockAt(PAID_UNTIL);
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL))
                .andGivenCommands(new ReportRenewalUnpaid(ID, 1), new StopServer(ID, OWNER, USER, "stopped by owner"))
                .whenTimeElapses(Duration.ofMinutes(121))
                .expectNoEvents();
        fixture.given(requested(true), started(), new ServerRenewalDue(ID, OWNER, 1, Credits.of(30), PAID_UNTIL),
                        new ServerStopped(ID, OWNER, "gs-1", "stopped by owner", USER, T0))
                .when(new ReportRenewalUnpaid(ID, 1))
                .expectNoEvents();
    }

    static {
        // keeps the error enum referenced so a rename shows up here
        ServerError.values();
    }
}
