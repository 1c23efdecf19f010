package dev.agis.command.apikey;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyCommands.RevokeApiKey;
import dev.agis.domain.apikey.ApiKeyError;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyCreated;
import dev.agis.domain.apikey.ApiKeyEvents.ApiKeyRevoked;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.ErrorCode;
import dev.agis.domain.common.PlayerId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

import static dev.agis.domain.apikey.ApiScope.ADMIN;
import static dev.agis.domain.apikey.ApiScope.READ_SERVERS;
import static dev.agis.domain.apikey.ApiScope.READ_STATS;
import static dev.agis.domain.apikey.ApiScope.WRITE_SERVERS;

/** Every rule of the API key aggregate (SPEC §2.9), as given events / when command / expect events. */
class ApiKeyTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final ApiKeyId KEY = ApiKeyId.of("apikey:00000000-0000-0000-0000-000000000001");
    static final PlayerId ALICE = PlayerId.of("1001");
    static final PlayerId BOB = PlayerId.of("2002");
    static final String HASH = ApiKeySecret.hash("agis_test");
    static final Actor OPERATOR = Actor.operator("ops");
    static final Actor CALLER = Actor.of("apikey:00000000-0000-0000-0000-000000000009");

    AggregateTestFixture<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Matcher<Exception> code(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Exception e) {
                return e instanceof DomainException de && de.code() == code;
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("DomainException with code " + code);
            }
        };
    }

    static CreateApiKey create(Set<ApiScope> scopes, int rpm, Integer ttlDays, Set<ApiScope> creatorScopes) {
        return new CreateApiKey(KEY, "ci deploy", ALICE, scopes, HASH, rpm, ttlDays, creatorScopes,
                creatorScopes == null ? OPERATOR : CALLER);
    }

    static ApiKeyCreated created(Set<ApiScope> scopes) {
        return new ApiKeyCreated(KEY, "ci deploy", ALICE, scopes, HASH, 100, null, OPERATOR, NOW);
    }

    @Test
    void anOperatorCreatesAKeyWithAnyScopes() {
        fixture.givenNoPriorActivity()
                .when(create(EnumSet.of(ADMIN), 100, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyCreated(KEY, "ci deploy", ALICE, EnumSet.of(ADMIN), HASH, 100, null, OPERATOR, NOW));
    }

    @Test
    void aTtlSetsTheExpiryFromTheClock() {
        fixture.givenNoPriorActivity()
                .when(create(EnumSet.of(READ_SERVERS), 60, 30, null))
                .expectEvents(new ApiKeyCreated(KEY, "ci deploy", ALICE, EnumSet.of(READ_SERVERS), HASH, 60,
                        NOW.plus(Duration.ofDays(30)), OPERATOR, NOW));
    }

    @Test
    void aKeyHandsOutOnlyScopesItHolds() {
        fixture.givenNoPriorActivity()
                .when(create(EnumSet.of(READ_SERVERS, WRITE_SERVERS), 100, null, EnumSet.of(READ_SERVERS)))
                .expectException(code(ApiKeyError.SCOPE_NOT_HELD))
                .expectNoEvents();
    }

    @Test
    void aKeyHandsOutASubsetOfItsScopes() {
        fixture.givenNoPriorActivity()
                .when(create(EnumSet.of(READ_SERVERS), 100, null, EnumSet.of(READ_SERVERS, WRITE_SERVERS)))
                .expectEvents(new ApiKeyCreated(KEY, "ci deploy", ALICE, EnumSet.of(READ_SERVERS), HASH, 100, null, CALLER, NOW));
    }

    @Test
    void adminHoldsEveryScope() {
        fixture.givenNoPriorActivity()
                .when(create(EnumSet.of(READ_SERVERS, WRITE_SERVERS, READ_STATS), 100, null, EnumSet.of(ADMIN)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyCreated(KEY, "ci deploy", ALICE, EnumSet.of(READ_SERVERS, WRITE_SERVERS, READ_STATS), HASH,
                        100, null, CALLER, NOW));
    }

    @Test
    void badRequestsCreateNothing() {
        fixture.givenNoPriorActivity().when(create(EnumSet.noneOf(ApiScope.class), 100, null, null))
                .expectException(code(ApiKeyError.INVALID_SCOPE)).expectNoEvents();
        fixture.givenNoPriorActivity().when(create(EnumSet.of(READ_SERVERS), 0, null, null))
                .expectException(code(ApiKeyError.INVALID_API_KEY_REQUEST)).expectNoEvents();
        fixture.givenNoPriorActivity().when(create(EnumSet.of(READ_SERVERS), 100, 0, null))
                .expectException(code(ApiKeyError.INVALID_API_KEY_REQUEST)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey(KEY, " ", ALICE, EnumSet.of(READ_SERVERS), HASH, 100, null, null, OPERATOR))
                .expectException(code(ApiKeyError.INVALID_API_KEY_REQUEST)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey(KEY, "x", ALICE, EnumSet.of(READ_SERVERS), "agis_plain_secret", 100, null, null, OPERATOR))
                .expectException(code(ApiKeyError.INVALID_API_KEY_REQUEST)).expectNoEvents();
    }

    @Test
    void theOperatorRevokes() {
        fixture.given(created(EnumSet.of(ADMIN)))
                .when(new RevokeApiKey(KEY, null, null, OPERATOR))
                .expectEvents(new ApiKeyRevoked(KEY, ALICE, OPERATOR, NOW));
    }

    @Test
    void revokingTwiceIsANoOp() {
        fixture.given(created(EnumSet.of(READ_SERVERS)), new ApiKeyRevoked(KEY, ALICE, OPERATOR, NOW))
                .when(new RevokeApiKey(KEY, null, null, OPERATOR))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theOwnersKeyRevokesAKeyItCouldHaveCreated() {
        fixture.given(created(EnumSet.of(READ_SERVERS)))
                .when(new RevokeApiKey(KEY, ALICE, EnumSet.of(READ_SERVERS, WRITE_SERVERS), CALLER))
                .expectEvents(new ApiKeyRevoked(KEY, ALICE, CALLER, NOW));
    }

    @Test
    void aNarrowerKeyCannotRevokeAWiderOne() {
        fixture.given(created(EnumSet.of(ADMIN)))
                .when(new RevokeApiKey(KEY, ALICE, EnumSet.of(READ_SERVERS), CALLER))
                .expectException(code(ApiKeyError.SCOPE_NOT_HELD))
                .expectNoEvents();
    }

    @Test
    void anotherOwnersKeyNeedsAdmin() {
        fixture.given(created(EnumSet.of(READ_SERVERS)))
                .when(new RevokeApiKey(KEY, BOB, EnumSet.of(READ_SERVERS), CALLER))
                .expectException(code(ApiKeyError.NOT_KEY_OWNER))
                .expectNoEvents();
        fixture.given(created(EnumSet.of(READ_SERVERS)))
                .when(new RevokeApiKey(KEY, BOB, EnumSet.of(ADMIN), CALLER))
                .expectEvents(new ApiKeyRevoked(KEY, ALICE, CALLER, NOW));
    }
}
