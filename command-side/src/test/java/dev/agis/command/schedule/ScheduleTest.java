package dev.agis.command.schedule;

import dev.agis.domain.account.AccountId;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.schedule.ScheduleAction;
import dev.agis.domain.schedule.ScheduleCommands.BeginScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.CreateSchedule;
import dev.agis.domain.schedule.ScheduleCommands.DisableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.EnableSchedule;
import dev.agis.domain.schedule.ScheduleCommands.FinishScheduledRun;
import dev.agis.domain.schedule.ScheduleCommands.RunPlan;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleCreated;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleDisabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduleEnabled;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunFinished;
import dev.agis.domain.schedule.ScheduleEvents.ScheduledRunStarted;
import dev.agis.domain.schedule.ScheduleId;
import dev.agis.domain.server.ServerId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class ScheduleTest {

    static final Instant NOW = Instant.parse("2026-03-28T12:00:00Z");
    static final ScheduleId ID = ScheduleId.of("schedule:11111111-2222-3333-4444-555555555555");
    static final ServerId SERVER = ServerId.of("server:11111111-2222-3333-4444-555555555555");
    static final AccountId OWNER = AccountId.user("42");
    static final Actor USER = Actor.user("42");
    static final Instant FIRST = Instant.parse("2026-03-29T06:00:00Z");
    static final Instant SECOND = Instant.parse("2026-03-30T06:00:00Z");
    static final ScheduleCreated CREATED = new ScheduleCreated(ID, SERVER, OWNER, ScheduleAction.STOP, "0 8 * * *",
            "Europe/Berlin", FIRST, USER, NOW);

    private AggregateTestFixture<Schedule> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Schedule.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void creatingComputesTheFirstRunInTheScheduleTimeZone() {
        fixture.givenNoPriorActivity()
                .when(new CreateSchedule(ID, SERVER, OWNER, ScheduleAction.STOP, "0 8 * * *", "Europe/Berlin", USER))
                .expectEvents(CREATED);
    }

    @Test
    void aBadCronChangesNothing() {
        fixture.givenNoPriorActivity()
                .when(new CreateSchedule(ID, SERVER, OWNER, ScheduleAction.STOP, "every morning", "UTC", USER))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void anInstantIsClaimedOnceAndTheNextOneIsPlanned() {
        ScheduledRunStarted started = new ScheduledRunStarted(ID, SERVER, ScheduleAction.STOP, FIRST, SECOND, NOW);
        fixture.given(CREATED)
                .when(new BeginScheduledRun(ID, FIRST))
                .expectEvents(started)
                .expectResultMessagePayload(new RunPlan(ID, SERVER, OWNER, ScheduleAction.STOP, FIRST));
        fixture.given(CREATED, started)
                .when(new BeginScheduledRun(ID, FIRST))
                .expectNoEvents()
                .expectResultMessagePayload(null);
        fixture.given(CREATED, started)
                .when(new FinishScheduledRun(ID, FIRST, "ok", null))
                .expectEvents(new ScheduledRunFinished(ID, SERVER, ScheduleAction.STOP, FIRST, "ok", null, NOW));
    }

    @Test
    void aDisabledScheduleDoesNotRunAndEnablingPlansFromNow() {
        ScheduleDisabled disabled = new ScheduleDisabled(ID, "disabled by owner", USER, NOW);
        fixture.given(CREATED)
                .when(new DisableSchedule(ID, OWNER, USER, "disabled by owner"))
                .expectEvents(disabled);
        fixture.given(CREATED, disabled)
                .when(new BeginScheduledRun(ID, FIRST))
                .expectNoEvents()
                .expectResultMessagePayload(null);
        fixture.given(CREATED, disabled)
                .when(new EnableSchedule(ID, OWNER, USER))
                .expectEvents(new ScheduleEnabled(ID, FIRST, USER, NOW));
    }

    @Test
    void onlyTheOwnerManagesASchedule() {
        fixture.given(CREATED)
                .when(new DisableSchedule(ID, AccountId.user("43"), Actor.user("43"), null))
                .expectException(DomainException.class)
                .expectNoEvents();
    }
}
