package dev.agis.app.ledger;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.projections.BatchSplittingProcessor;
import dev.agis.command.support.MoneyProcessManagers;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The money process managers in batches (ADR 0051), with money moving: transfers in both
 * directions between the same accounts, from many senders at once, credited by the batched
 * transfer process on its eight segments. No batch may deadlock (none is split), and every
 * account ends exactly where its debits and credits put it, each transfer credited once.
 */
class BatchedProcessManagersIT extends AbstractIntegrationTest {

    static final int ACCOUNTS = 6;
    static final int SENDERS = 12;
    static final int TRANSFERS_PER_SENDER = 40;
    static final long FUNDING = 100_000;

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcClient jdbc;

    @Test
    void transfersBothWaysBetweenTheSameAccountsNeverDeadlockAndTheLedgerIsExact() throws Exception {
        BatchSplittingProcessor money = processing.eventProcessor(MoneyProcessManagers.PROCESSOR, BatchSplittingProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> money.processingStatus().size() == 8);
        long splitBefore = money.batchesSplit();

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountId account = AccountId.user("bpm" + run + i);
            commands.sendAndWait(new CreditAccount(account, Credits.of(FUNDING), MovementReason.ADMIN_GRANT, "fund", Actor.system("test"), "test"));
            accounts.add(account);
        }

        AtomicLongArray expected = new AtomicLongArray(ACCOUNTS);
        int[] creditsTo = new int[ACCOUNTS];
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<List<int[]>>> sent = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            sent.add(senders.submit(() -> {
                Random random = new Random(sender);
                List<int[]> done = new ArrayList<>();
                for (int n = 0; n < TRANSFERS_PER_SENDER; n++) {
                    // each sender works one pair of accounts, alternating direction; pairs overlap between senders
                    int a = sender % ACCOUNTS;
                    int b = (a + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    int from = n % 2 == 0 ? a : b;
                    int to = from == a ? b : a;
                    long amount = 1 + random.nextInt(50);
                    commands.sendAndWait(new TransferCredits(accounts.get(from), accounts.get(to), Credits.of(amount),
                            "t-" + sender + "-" + n, Actor.system("test")));
                    expected.addAndGet(from, -amount);
                    expected.addAndGet(to, amount);
                    done.add(new int[]{from, to});
                }
                return done;
            }));
        }
        for (Future<List<int[]>> f : sent) {
            for (int[] transfer : f.get()) {
                creditsTo[transfer[1]]++;
            }
        }
        senders.shutdown();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < ACCOUNTS; i++) {
                AccountBalance balance = queries.query(new FindAccountBalance(accounts.get(i)), AccountBalance.class).join();
                assertThat(balance.balance().value()).as("balance of %s", accounts.get(i)).isEqualTo(FUNDING + expected.get(i));
            }
        });
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            total += FUNDING + expected.get(i);
            assertThat(transferCredits(accounts.get(i))).as("transfer credits of %s", accounts.get(i)).isEqualTo(creditsTo[i]);
        }
        assertThat(total).isEqualTo(ACCOUNTS * FUNDING);
        assertThat(money.batchesSplit() - splitBefore).as("batches that failed (a deadlock would be one)").isZero();
        assertThat(money.isError()).isFalse();
    }

    private long transferCredits(AccountId account) {
        return jdbc.sql("SELECT count(*) FROM ledger_key WHERE account_id = :a AND idempotency_key LIKE 'transfer/%'")
                .param("a", account.value()).query(Long.class).single();
    }
}
