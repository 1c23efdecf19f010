package dev.agis.command.privacy;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.privacy.PrivacyCommands.ErasePersonalData;
import dev.agis.domain.privacy.PrivacyEvents.PersonalDataErased;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class PersonalDataErasureTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final PlayerId PLAYER = PlayerId.of("1001");
    private static final Actor OPERATOR = Actor.operator("alice");

    private AggregateTestFixture<PersonalDataErasure> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PersonalDataErasure.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theFirstRequestIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(ErasePersonalData.of(PLAYER, OPERATOR))
                .expectEvents(new PersonalDataErased(PLAYER, 1, OPERATOR, NOW))
                .expectResultMessagePayload(1);
    }

    @Test
    void aRepeatIsRecordedAsTheNextRequest() {
        fixture.given(new PersonalDataErased(PLAYER, 1, OPERATOR, NOW))
                .when(ErasePersonalData.of(PLAYER, OPERATOR))
                .expectEvents(new PersonalDataErased(PLAYER, 2, OPERATOR, NOW))
                .expectResultMessagePayload(2);
    }

    @Test
    void anIdOfAnotherPlayerIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ErasePersonalData("erasure:2002", PLAYER, OPERATOR))
                .expectException(dev.agis.domain.common.DomainException.class);
    }
}
