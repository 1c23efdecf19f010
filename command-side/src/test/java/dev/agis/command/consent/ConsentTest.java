package dev.agis.command.consent;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.consent.ConsentCommands.GrantConsent;
import dev.agis.domain.consent.ConsentCommands.WithdrawConsent;
import dev.agis.domain.consent.ConsentEvents.ConsentGranted;
import dev.agis.domain.consent.ConsentEvents.ConsentWithdrawn;
import dev.agis.domain.consent.ConsentId;
import dev.agis.domain.consent.ConsentPurpose;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class ConsentTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final PlayerId PLAYER = PlayerId.of("1001");
    private static final ConsentId ID = ConsentId.of(PLAYER, ConsentPurpose.ADS);
    private static final Actor USER = Actor.user("1001");

    private AggregateTestFixture<Consent> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Consent.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConsentGranted granted(String version) {
        return new ConsentGranted(ID, PLAYER, ConsentPurpose.ADS, version, "discord", USER, NOW);
    }

    @Test
    void grantingRecordsVersionChannelAndTime() {
        fixture.givenNoPriorActivity()
                .when(GrantConsent.of(PLAYER, ConsentPurpose.ADS, "2026-11", "discord", USER))
                .expectEvents(granted("2026-11"));
    }

    @Test
    void grantingTheSameVersionAgainRecordsNothing() {
        fixture.given(granted("2026-11"))
                .when(GrantConsent.of(PLAYER, ConsentPurpose.ADS, "2026-11", "discord", USER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewPolicyVersionIsGrantedAgain() {
        fixture.given(granted("2026-11"))
                .when(GrantConsent.of(PLAYER, ConsentPurpose.ADS, "2027-01", "discord", USER))
                .expectEvents(granted("2027-01"));
    }

    @Test
    void withdrawingKeepsTheVersionThatWasGranted() {
        fixture.given(granted("2026-11"))
                .when(WithdrawConsent.of(PLAYER, ConsentPurpose.ADS, "api", USER))
                .expectEvents(new ConsentWithdrawn(ID, PLAYER, ConsentPurpose.ADS, "2026-11", "api", USER, NOW));
    }

    @Test
    void withdrawingWhatIsNotGrantedIsRefused() {
        fixture.given(granted("2026-11"), new ConsentWithdrawn(ID, PLAYER, ConsentPurpose.ADS, "2026-11", "api", USER, NOW))
                .when(WithdrawConsent.of(PLAYER, ConsentPurpose.ADS, "api", USER))
                .expectException(DomainException.class)
                .expectExceptionMessage("ads is not granted");
    }

    @Test
    void anIdOfAnotherPurposeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new GrantConsent(ID, PLAYER, ConsentPurpose.ANALYTICS, "2026-11", "discord", USER))
                .expectException(DomainException.class);
    }

    @Test
    void freeTextAsChannelIsRefused() {
        fixture.givenNoPriorActivity()
                .when(GrantConsent.of(PLAYER, ConsentPurpose.ADS, "2026-11", "said so in a DM to Alice", USER))
                .expectException(DomainException.class);
    }
}
