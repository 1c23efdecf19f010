package dev.agis.command.account;

import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.PlaceHold;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountError;
import dev.agis.domain.account.AccountEvents.AccountCredited;
import dev.agis.domain.account.AccountEvents.AccountDebited;
import dev.agis.domain.account.AccountEvents.AccountOpened;
import dev.agis.domain.account.AccountEvents.HoldCaptured;
import dev.agis.domain.account.AccountEvents.HoldPlaced;
import dev.agis.domain.account.AccountEvents.HoldReleased;
import dev.agis.domain.account.AccountEvents.TransferSent;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountKind;
import dev.agis.domain.account.HoldKeys;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Every rule of SPEC §2.1, as given events / when command / expect events. */
class AccountTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final AccountId ALICE = AccountId.user("1001");
    static final AccountId GUILD = AccountId.guild("2002");
    static final Actor SYSTEM = Actor.system("test");

    AggregateTestFixture<Account> fixture;
    FakeLedgerKeys keys;

    /** Idempotency keys as the JDBC table would hold them after the given events. */
    static class FakeLedgerKeys implements LedgerKeys {
        final Map<String, MovementOutcome> rows = new HashMap<>();

        void put(MovementOutcome o) {
            rows.put(o.accountId().value() + "|" + o.idempotencyKey(), o);
        }

        @Override
        public Optional<MovementOutcome> find(AccountId account, String key) {
            return Optional.ofNullable(rows.get(account.value() + "|" + key));
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        keys = new FakeLedgerKeys();
        fixture.registerInjectableResource(keys);
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

    static AccountOpened opened(AccountId id) {
        return new AccountOpened(id, id.kind(), NOW);
    }

    static AccountCredited credited(AccountId id, long amount, long balance, long held, String key) {
        return new AccountCredited(id, Credits.of(amount), Credits.of(balance), Credits.of(held), MovementReason.AD_REWARD, key, SYSTEM, "c", NOW);
    }

    static HoldPlaced holdPlaced(AccountId id, String holdId, long amount, long balance, long held) {
        return new HoldPlaced(id, holdId, Credits.of(amount), Credits.of(balance), Credits.of(held), MovementReason.SERVER_COST, SYSTEM, "server:s1", NOW);
    }

    static CreditAccount credit(AccountId id, long amount, String key) {
        return new CreditAccount(id, Credits.of(amount), MovementReason.AD_REWARD, key, SYSTEM, "c");
    }

    static DebitAccount debit(AccountId id, long amount, MovementReason reason, String key) {
        return new DebitAccount(id, Credits.of(amount), reason, key, SYSTEM, "d");
    }

    @Nested
    class Credits_ {
        @Test
        void theFirstCreditOpensTheAccount() {
            fixture.givenNoPriorActivity()
                    .when(credit(ALICE, 100, "t1"))
                    .expectEvents(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .expectResultMessagePayload(new MovementOutcome(ALICE, "t1", MovementKind.CREDIT, Credits.of(100), Credits.of(100), Credits.ZERO, false));
        }

        @Test
        void aCreditAddsToTheBalance() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(credit(ALICE, 50, "t2"))
                    .expectEvents(credited(ALICE, 50, 150, 0, "t2"));
        }

        @Test
        void aGuildTreasuryIsAnAccountToo() {
            fixture.givenNoPriorActivity()
                    .when(credit(GUILD, 10, "t1"))
                    .expectEvents(new AccountOpened(GUILD, AccountKind.GUILD, NOW), credited(GUILD, 10, 10, 0, "t1"));
        }

        @Test
        void zeroAndNegativeAmountsAreRejected() {
            fixture.givenNoPriorActivity().when(credit(ALICE, 0, "t1")).expectException(code(CommonError.INVALID_AMOUNT)).expectNoEvents();
            fixture.givenNoPriorActivity().when(credit(ALICE, -5, "t1")).expectException(code(CommonError.INVALID_AMOUNT)).expectNoEvents();
        }

        @Test
        void aDebitReasonCannotCredit() {
            fixture.givenNoPriorActivity()
                    .when(new CreditAccount(ALICE, Credits.of(5), MovementReason.SERVER_COST, "k", SYSTEM, "x"))
                    .expectException(code(AccountError.WRONG_DIRECTION))
                    .expectNoEvents();
        }

        @Test
        void aMissingOrOverlongIdempotencyKeyIsRejected() {
            fixture.givenNoPriorActivity().when(credit(ALICE, 5, " ")).expectException(code(CommonError.INVALID_ARGUMENT));
            fixture.givenNoPriorActivity().when(credit(ALICE, 5, "k".repeat(201))).expectException(code(CommonError.INVALID_ARGUMENT));
        }
    }

    @Nested
    class Idempotency {
        @Test
        void repeatingAKeyReturnsTheFirstOutcomeAndMovesNothing() {
            MovementOutcome first = new MovementOutcome(ALICE, "t1", MovementKind.CREDIT, Credits.of(100), Credits.of(100), Credits.ZERO, false);
            keys.put(first);
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), credited(ALICE, 7, 107, 0, "t2"))
                    .when(credit(ALICE, 100, "t1"))
                    .expectNoEvents()
                    .expectResultMessagePayload(first.asDuplicate());
        }

        @Test
        void reusingAKeyForADifferentMovementIsAnError() {
            keys.put(new MovementOutcome(ALICE, "t1", MovementKind.CREDIT, Credits.of(100), Credits.of(100), Credits.ZERO, false));
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(debit(ALICE, 100, MovementReason.SERVER_COST, "t1"))
                    .expectException(code(CommonError.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(credit(ALICE, 99, "t1"))
                    .expectException(code(CommonError.IDEMPOTENCY_KEY_REUSED));
        }
    }

    @Nested
    class Debits {
        @Test
        void aDebitWithinTheAvailableBalanceSucceeds() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(debit(ALICE, 100, MovementReason.SERVER_COST, "d1"))
                    .expectEvents(new AccountDebited(ALICE, Credits.of(100), Credits.ZERO, Credits.ZERO, MovementReason.SERVER_COST, "d1", SYSTEM, "d", NOW));
        }

        @Test
        void aDebitBeyondTheAvailableBalanceFails() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(debit(ALICE, 101, MovementReason.SERVER_COST, "d1"))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS))
                    .expectNoEvents();
        }

        @Test
        void anUnknownAccountHasNothingToSpend() {
            fixture.givenNoPriorActivity()
                    .when(debit(ALICE, 1, MovementReason.SUBSCRIPTION, "d1"))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS))
                    .expectNoEvents();
        }

        @Test
        void openHoldsReduceWhatCanBeSpent() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80))
                    .when(debit(ALICE, 30, MovementReason.SERVER_COST, "d1"))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS));
        }

        @Test
        void onlyAChargebackMayPushTheBalanceBelowZero() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), new AccountDebited(ALICE, Credits.of(90), Credits.of(10), Credits.ZERO,
                            MovementReason.SERVER_COST, "d1", SYSTEM, "d", NOW))
                    .when(debit(ALICE, 100, MovementReason.CHARGEBACK, "r-t1"))
                    .expectEvents(new AccountDebited(ALICE, Credits.of(100), Credits.of(-90), Credits.ZERO, MovementReason.CHARGEBACK, "r-t1", SYSTEM, "d", NOW));
        }

        @Test
        void anAccountInDebtCannotSpendUntilItIsBackAboveZero() {
            AccountDebited chargeback = new AccountDebited(ALICE, Credits.of(100), Credits.of(-50), Credits.ZERO, MovementReason.CHARGEBACK, "r-t1", SYSTEM, "d", NOW);
            fixture.given(opened(ALICE), chargeback, credited(ALICE, 40, -10, 0, "t2"))
                    .when(debit(ALICE, 1, MovementReason.SERVER_COST, "d1"))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS));
            fixture.given(opened(ALICE), chargeback, credited(ALICE, 60, 10, 0, "t2"))
                    .when(debit(ALICE, 10, MovementReason.SERVER_COST, "d1"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aCreditReasonCannotDebit() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(debit(ALICE, 5, MovementReason.REFUND, "d1"))
                    .expectException(code(AccountError.WRONG_DIRECTION));
        }
    }

    @Nested
    class Transfers {
        static String transferId(AccountId from, String key) {
            return UUID.nameUUIDFromBytes((from.value() + "|" + key).getBytes(StandardCharsets.UTF_8)).toString();
        }

        @Test
        void aTransferDebitsTheSourceAndNamesTheDestination() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(new TransferCredits(ALICE, GUILD, Credits.of(60), "contrib-1", Actor.user("1001")))
                    .expectEvents(new TransferSent(ALICE, transferId(ALICE, "contrib-1"), GUILD, Credits.of(60), Credits.of(40), Credits.ZERO,
                            "contrib-1", Actor.user("1001"), NOW));
        }

        @Test
        void aTransferNeedsTheAvailableBalance() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(new TransferCredits(ALICE, GUILD, Credits.of(101), "contrib-1", Actor.user("1001")))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS))
                    .expectNoEvents();
        }

        @Test
        void anAccountCannotTransferToItself() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(new TransferCredits(ALICE, ALICE, Credits.of(1), "contrib-1", Actor.user("1001")))
                    .expectException(code(AccountError.SELF_TRANSFER));
        }
    }

    @Nested
    class Holds {
        @Test
        void placingAHoldReservesTheAmount() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(new PlaceHold(ALICE, "h1", Credits.of(80), MovementReason.SERVER_COST, SYSTEM, "server:s1"))
                    .expectEvents(holdPlaced(ALICE, "h1", 80, 100, 80))
                    .expectResultMessagePayload(new MovementOutcome(ALICE, HoldKeys.place("h1"), MovementKind.HOLD, Credits.of(80), Credits.of(100), Credits.of(80), false));
        }

        @Test
        void aHoldNeedsTheAvailableBalance() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80))
                    .when(new PlaceHold(ALICE, "h2", Credits.of(21), MovementReason.SERVER_COST, SYSTEM, "server:s2"))
                    .expectException(code(AccountError.INSUFFICIENT_FUNDS))
                    .expectNoEvents();
        }

        @Test
        void capturingAHoldDebitsIt() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80))
                    .when(new CaptureHold(ALICE, "h1", SYSTEM))
                    .expectEvents(new HoldCaptured(ALICE, "h1", Credits.of(80), Credits.of(20), Credits.ZERO, MovementReason.SERVER_COST, SYSTEM, "server:s1", NOW));
        }

        @Test
        void releasingAHoldReturnsIt() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80))
                    .when(new ReleaseHold(ALICE, "h1", SYSTEM, "allocation failed"))
                    .expectEvents(new HoldReleased(ALICE, "h1", Credits.of(80), Credits.of(100), Credits.ZERO, MovementReason.SERVER_COST, SYSTEM,
                            "server:s1", "allocation failed", NOW));
        }

        @Test
        void anUnknownHoldCannotBeResolved() {
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"))
                    .when(new CaptureHold(ALICE, "nope", SYSTEM))
                    .expectException(code(AccountError.HOLD_NOT_FOUND));
            fixture.givenNoPriorActivity()
                    .when(new ReleaseHold(ALICE, "nope", SYSTEM, null))
                    .expectException(code(AccountError.HOLD_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void aCapturedHoldCannotBeReleasedAndACaptureRepeatsAsADuplicate() {
            MovementOutcome captured = new MovementOutcome(ALICE, HoldKeys.resolve("h1"), MovementKind.CAPTURE, Credits.of(80), Credits.of(20), Credits.ZERO, false);
            keys.put(captured);
            HoldCaptured capture = new HoldCaptured(ALICE, "h1", Credits.of(80), Credits.of(20), Credits.ZERO, MovementReason.SERVER_COST, SYSTEM, "server:s1", NOW);
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80), capture)
                    .when(new ReleaseHold(ALICE, "h1", SYSTEM, null))
                    .expectException(code(AccountError.HOLD_ALREADY_CAPTURED))
                    .expectNoEvents();
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80), capture)
                    .when(new CaptureHold(ALICE, "h1", SYSTEM))
                    .expectNoEvents()
                    .expectResultMessagePayload(captured.asDuplicate());
        }

        @Test
        void aReleasedHoldCannotBeCaptured() {
            keys.put(new MovementOutcome(ALICE, HoldKeys.resolve("h1"), MovementKind.RELEASE, Credits.of(80), Credits.of(100), Credits.ZERO, false));
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80),
                            new HoldReleased(ALICE, "h1", Credits.of(80), Credits.of(100), Credits.ZERO, MovementReason.SERVER_COST, SYSTEM, "server:s1", null, NOW))
                    .when(new CaptureHold(ALICE, "h1", SYSTEM))
                    .expectException(code(AccountError.HOLD_ALREADY_RELEASED))
                    .expectNoEvents();
        }

        @Test
        void placingTheSameHoldTwiceIsADuplicate() {
            MovementOutcome placed = new MovementOutcome(ALICE, HoldKeys.place("h1"), MovementKind.HOLD, Credits.of(80), Credits.of(100), Credits.of(80), false);
            keys.put(placed);
            fixture.given(opened(ALICE), credited(ALICE, 100, 100, 0, "t1"), holdPlaced(ALICE, "h1", 80, 100, 80))
                    .when(new PlaceHold(ALICE, "h1", Credits.of(80), MovementReason.SERVER_COST, SYSTEM, "server:s1"))
                    .expectNoEvents()
                    .expectResultMessagePayload(placed.asDuplicate());
        }
    }
}
