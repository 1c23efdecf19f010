package dev.agis.app.ledger;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.PlaceHold;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountEvents.Movement;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountMovements;
import dev.agis.domain.account.AccountQueries.MovementPage;
import dev.agis.domain.account.MovementKind;
import dev.agis.domain.account.MovementOutcome;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ledger end to end: command gateway → aggregate → PostgreSQL event store → projections. */
class LedgerFlowIT extends AbstractIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;

    private final Actor actor = Actor.system("test");

    private static AccountId newAccount() {
        return AccountId.user("it" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    private MovementOutcome credit(AccountId id, long amount, String key) {
        return commands.sendAndWait(new CreditAccount(id, Credits.of(amount), MovementReason.ADMIN_GRANT, key, actor, "test"));
    }

    /** Runs the tasks all at once from a common start line; returns each outcome or the error code. */
    private <T> List<Object> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return (Object) task.call();
                } catch (Exception e) {
                    return Failures.domainError(e).map(DomainErrorDetails::code).orElseThrow(() -> e);
                }
            }));
        }
        start.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }

    private List<Movement> movementsOf(AccountId id) {
        List<Movement> result = new ArrayList<>();
        eventStore.readEvents(id.value()).asStream()
                .filter(m -> m.getPayload() instanceof Movement)
                .forEach(m -> result.add((Movement) m.getPayload()));
        return result;
    }

    @Test
    void fiftyConcurrentDebitsOnAnAccountThatAffordsTenLetExactlyTenThrough() throws Exception {
        AccountId id = newAccount();
        credit(id, 100, "fund");
        List<Callable<MovementOutcome>> debits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "debit-" + i;
            debits.add(() -> commands.sendAndWait(new DebitAccount(id, Credits.of(10), MovementReason.SERVER_COST, key, actor, "server:x")));
        }

        List<Object> results = concurrently(debits);

        assertThat(results).filteredOn(MovementOutcome.class::isInstance).hasSize(10);
        assertThat(results).filteredOn("INSUFFICIENT_FUNDS"::equals).hasSize(40);
        assertThat(movementsOf(id)).allSatisfy(m -> assertThat(m.balanceAfter().value()).isNotNegative());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(queries.query(new FindAccountBalance(id), AccountBalance.class).join().balance()).isEqualTo(Credits.ZERO));
    }

    @Test
    void theSameIdempotencyKeyMovesMoneyOnceEvenConcurrently() throws Exception {
        AccountId id = newAccount();
        MovementOutcome first = credit(id, 70, "reward-1");
        MovementOutcome again = credit(id, 70, "reward-1");
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.balanceAfter()).isEqualTo(first.balanceAfter());

        List<Callable<MovementOutcome>> same = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            same.add(() -> commands.sendAndWait(new DebitAccount(id, Credits.of(50), MovementReason.SERVER_COST, "server-a/1", actor, "server:a")));
        }
        List<Object> results = concurrently(same);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(MovementOutcome.class));
        assertThat(results).map(r -> ((MovementOutcome) r).duplicate()).containsOnlyOnce(false);
        assertThat(movementsOf(id)).hasSize(2);
        assertThat(movementsOf(id).get(1).balanceAfter()).isEqualTo(Credits.of(20));
    }

    @Test
    void aHoldCapturedAndReleasedAtTheSameTimeResolvesToExactlyOneOutcome() throws Exception {
        for (int round = 0; round < 5; round++) {
            AccountId id = newAccount();
            credit(id, 100, "fund");
            commands.sendAndWait(new PlaceHold(id, "h1", Credits.of(60), MovementReason.SERVER_COST, actor, "server:s"));

            List<Callable<MovementOutcome>> both = List.of(
                    () -> commands.sendAndWait(new CaptureHold(id, "h1", actor)),
                    () -> commands.sendAndWait(new ReleaseHold(id, "h1", actor, "allocation failed")));
            List<Object> results = concurrently(both);

            assertThat(results).filteredOn(MovementOutcome.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof String s && s.startsWith("HOLD_ALREADY_")).hasSize(1);
            List<Movement> history = movementsOf(id);
            assertThat(history).extracting(Movement::kind).containsOnlyOnce(MovementKind.HOLD)
                    .filteredOn(k -> k == MovementKind.CAPTURE || k == MovementKind.RELEASE).hasSize(1);
            Movement last = history.get(history.size() - 1);
            assertThat(last.heldAfter()).isEqualTo(Credits.ZERO);
            assertThat(last.balanceAfter()).isEqualTo(Credits.of(last.kind() == MovementKind.CAPTURE ? 40 : 100));
        }
    }

    @Test
    void aTransferDebitsTheSourceAndCreditsTheDestinationOnce() {
        AccountId player = newAccount();
        AccountId guild = AccountId.guild("g" + UUID.randomUUID().toString().substring(0, 8));
        credit(player, 500, "fund");

        commands.sendAndWait(new TransferCredits(player, guild, Credits.of(200), "contribute-1", Actor.user(player.ownerId())));
        commands.sendAndWait(new TransferCredits(player, guild, Credits.of(200), "contribute-1", Actor.user(player.ownerId())));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(queries.query(new FindAccountBalance(guild), AccountBalance.class).join().balance()).isEqualTo(Credits.of(200));
            assertThat(queries.query(new FindAccountBalance(player), AccountBalance.class).join().balance()).isEqualTo(Credits.of(300));
        });
        MovementPage page = queries.query(new FindAccountMovements(guild, null, 10), MovementPage.class).join();
        assertThat(page.movements()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo(MovementReason.TRANSFER_IN);
            assertThat(m.counterpart()).contains(player.value());
        });
    }

    @Test
    void movementHistoryPagesNewestFirstWithACursor() {
        AccountId id = newAccount();
        for (int i = 1; i <= 7; i++) {
            credit(id, i, "c" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                queries.query(new FindAccountBalance(id), AccountBalance.class).join().movements() == 7);

        MovementPage first = queries.query(new FindAccountMovements(id, null, 3), MovementPage.class).join();
        MovementPage second = queries.query(new FindAccountMovements(id, first.nextCursor(), 3), MovementPage.class).join();
        MovementPage third = queries.query(new FindAccountMovements(id, second.nextCursor(), 3), MovementPage.class).join();

        assertThat(first.movements()).extracting(m -> m.amount().value()).containsExactly(7L, 6L, 5L);
        assertThat(second.movements()).extracting(m -> m.amount().value()).containsExactly(4L, 3L, 2L);
        assertThat(third.movements()).extracting(m -> m.amount().value()).containsExactly(1L);
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void aLongHistoryIsSnapshotted() {
        AccountId id = newAccount();
        for (int i = 0; i < 260; i++) {
            credit(id, 1, "k" + i);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = :id")
                .param("id", id.value()).query(Long.class).single()).isPositive());
        Optional<MovementOutcome> next = Optional.of(credit(id, 1, "after-snapshot"));
        assertThat(next.get().balanceAfter()).isEqualTo(Credits.of(261));
    }
}
