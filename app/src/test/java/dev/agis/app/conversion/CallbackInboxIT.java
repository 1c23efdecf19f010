package dev.agis.app.conversion;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.conversion.ConversionCommands.RecordConversion;
import dev.agis.domain.conversion.ConversionError;
import dev.agis.domain.conversion.ConversionId;
import dev.agis.domain.conversion.ConversionQueries.ConversionView;
import dev.agis.domain.conversion.ConversionQueries.FindConversion;
import dev.agis.http.ayet.AyetMetrics;
import dev.agis.http.ayet.AyetProperties;
import dev.agis.http.ayet.CallbackInbox;
import dev.agis.http.ayet.CallbackInboxWorkers;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.agis.app.conversion.AyetCallbackFlowIT.KEY;
import static dev.agis.app.conversion.AyetCallbackFlowIT.conversion;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newPlayer;
import static dev.agis.app.conversion.AyetCallbackFlowIT.newTx;
import static dev.agis.app.conversion.AyetCallbackFlowIT.signatureOf;
import static dev.agis.app.conversion.AyetCallbackFlowIT.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callback inbox (ADR 0050): what is answered 200 is credited exactly once, whatever happens
 * between the answer and the worker's commit, and several workers on one database share the rows.
 * The application's own workers are stopped in each test so the test decides who drains what.
 */
class CallbackInboxIT extends AbstractIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    CallbackInboxWorkers appWorkers;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    TransactionManager transactions;
    @Autowired
    AyetProperties props;
    @Autowired
    AyetMetrics metrics;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void stopTheApplicationsWorkers() {
        appWorkers.stop();
    }

    @AfterEach
    void startThemAgain() {
        appWorkers.start();
    }

    private HttpResponse<String> signed(Map<String, String> params) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/callbacks/ayet?" + wire(params)))
                .header("X-Ayetstudios-Security-Hash", signatureOf(params, KEY)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The real gateway, except that the conversion of {@code poisonTx} fails with {@code failure}. */
    private CommandGateway failingFor(String poisonTx, RuntimeException failure) {
        return (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{CommandGateway.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof RecordConversion c && c.transactionId().equals(poisonTx)) {
                        throw failure;
                    }
                    try {
                        return method.invoke(commands, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private CallbackInboxWorkers workers(int batchSize, TransactionManager tx) {
        return workers(batchSize, tx, commands);
    }

    private CallbackInboxWorkers workers(int batchSize, TransactionManager tx, CommandGateway gateway) {
        AyetProperties custom = new AyetProperties(props.apiKey(), props.allowlist(), props.maxQueryLength(), props.maxValueLength(),
                props.maxParameters(), props.maxAmount(), props.adslotTypes(), props.defaultType(), props.timeoutMs(),
                new AyetProperties.Inbox(0, batchSize, Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(60)));
        return new CallbackInboxWorkers(inbox, gateway, queries, tx, custom, metrics);
    }

    private long waiting() {
        return jdbc.sql("SELECT count(*) FROM ayet_callback_inbox").query(Long.class).single();
    }

    private long balanceOf(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join().balance().value();
    }

    private long eventsOf(String aggregateId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id").param("id", aggregateId)
                .query(Long.class).single();
    }

    private long ledgerKeysOf(String player) {
        return jdbc.sql("SELECT count(*) FROM ledger_key WHERE account_id = :a").param("a", AccountId.user(player).value())
                .query(Long.class).single();
    }

    /** Drains with the given workers until the inbox is empty; the number of rows each call took. */
    private static long drainAll(CallbackInboxWorkers w) {
        long taken = 0;
        int n;
        do {
            n = w.drainOnce();
            taken += n;
        } while (n > 0);
        return taken;
    }

    @Test
    void callbacksAnsweredBeforeAWorkerDiedMidBatchAreCreditedExactlyOnceByAFreshWorker() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        List<String> txs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String player = newPlayer();
            String tx = newTx();
            long amount = 10 + i;
            assertThat(signed(conversion(tx, player, Long.toString(amount))).statusCode()).isEqualTo(200);
            expected.put(player, amount);
            txs.add(tx);
        }
        assertThat(waiting()).isGreaterThanOrEqualTo(12);

        // a worker that handles its batch and dies before the commit: the database rolls it back, as
        // it does for a process killed with -9 in the middle of a transaction
        AtomicBoolean died = new AtomicBoolean();
        TransactionManager dying = () -> {
            Transaction real = transactions.startTransaction();
            AtomicBoolean done = new AtomicBoolean();
            return new Transaction() {
                @Override
                public void commit() {
                    if (done.compareAndSet(false, true)) {
                        real.rollback();
                    }
                    died.set(true);
                    throw new IllegalStateException("killed before the commit");
                }

                @Override
                public void rollback() {
                    if (done.compareAndSet(false, true)) {
                        real.rollback();
                    }
                }
            };
        };
        workers(500, dying).drainOnce();
        assertThat(died).isTrue();
        for (String tx : txs) {
            assertThat(eventsOf("conversion:ayet:" + tx)).as("nothing of the dead batch remains").isZero();
        }
        assertThat(waiting()).isGreaterThanOrEqualTo(12);

        // a fresh worker, as after a restart; then ayeT's resends of the same callbacks
        drainAll(workers(5, transactions));
        for (String tx : txs) {
            assertThat(eventsOf("conversion:ayet:" + tx)).isEqualTo(1);
        }
        expected.forEach((player, amount) -> await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == amount));
        expected.forEach((player, amount) -> assertThat(ledgerKeysOf(player)).isEqualTo(1));
    }

    @Test
    void aResendAfterTheAnswerIsA200AndCreditsNothingMore() throws Exception {
        String player = newPlayer();
        Map<String, String> p = conversion(newTx(), player, "64");
        assertThat(signed(p).body().trim()).isEqualTo("OK");
        assertThat(signed(p).body().trim()).as("still waiting in the inbox").isEqualTo("OK duplicate");
        drainAll(workers(50, transactions));
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 64);

        HttpResponse<String> resend = signed(p);
        assertThat(resend.statusCode()).isEqualTo(200);
        drainAll(workers(50, transactions));
        Thread.sleep(500); // a second credit, if there were one, would have arrived by now
        assertThat(balanceOf(player)).isEqualTo(64);
        assertThat(ledgerKeysOf(player)).isEqualTo(1);
        assertThat(eventsOf("conversion:ayet:" + p.get("transaction_id"))).isEqualTo(1);
    }

    @Test
    void twoWorkersOnOneDatabaseTakeDisjointRowsAndTogetherAllOfThem() throws Exception {
        int n = 120;
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String player = newPlayer();
            assertThat(signed(conversion(newTx(), player, "3")).statusCode()).isEqualTo(200);
            expected.put(player, 3L);
        }
        long stored = waiting();
        assertThat(stored).isGreaterThanOrEqualTo(n);

        // separate workers with their own connections lock rows exactly as two instances would
        CallbackInboxWorkers a = workers(10, transactions);
        CallbackInboxWorkers b = workers(10, transactions);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Future<Long> byA = pool.submit(() -> {
            go.await();
            return drainAll(a);
        });
        Future<Long> byB = pool.submit(() -> {
            go.await();
            return drainAll(b);
        });
        go.countDown();
        long takenByA = byA.get();
        long takenByB = byB.get();
        pool.shutdown();

        // a row taken twice would count twice: the sum is exactly what was stored
        assertThat(takenByA + takenByB).isEqualTo(stored);
        assertThat(takenByA).isPositive();
        assertThat(takenByB).isPositive();
        assertThat(waiting()).isZero();
        List<String> accounts = expected.keySet().stream().map(p -> AccountId.user(p).value()).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT coalesce(sum(balance), 0) FROM account_balance WHERE account_id IN (:a)")
                .param("a", accounts).query(Long.class).single() == 3L * n);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_key WHERE account_id IN (:a)").param("a", accounts).query(Long.class).single())
                .isEqualTo(n);
    }

    @Test
    void aWorkerLeavesTheCallbacksOfAPlayerAnotherWorkerIsRecording() throws Exception {
        String held = newPlayer();
        String other = newPlayer();
        String first = newTx();
        assertThat(signed(conversion(first, held, "4")).statusCode()).isEqualTo(200);
        assertThat(signed(conversion(newTx(), held, "5")).statusCode()).isEqualTo(200);
        assertThat(signed(conversion(newTx(), other, "6")).statusCode()).isEqualTo(200);
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CommandGateway pausing = (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{CommandGateway.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof RecordConversion c && c.transactionId().equals(first)) {
                        recording.countDown();
                        release.await();
                    }
                    try {
                        return method.invoke(commands, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // worker a takes the held player's first callback and is still recording it, uncommitted
            Future<Integer> byA = pool.submit(() -> workers(1, transactions, pausing).drainOnce());
            assertThat(recording.await(10, TimeUnit.SECONDS)).isTrue();

            // worker b takes the other player's callback, not the held player's second one, and waits for nothing
            assertThat(workers(500, transactions).drainOnce()).isEqualTo(1);
            assertThat(waiting()).isEqualTo(2);

            release.countDown();
            assertThat(byA.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(workers(500, transactions).drainOnce()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(waiting()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(held) == 9 && balanceOf(other) == 6);
    }

    @Test
    void theVelocityRuleCountsConversionsOfTheSameBatch() throws Exception {
        String player = newPlayer();
        List<String> txs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String tx = newTx();
            txs.add(tx);
            assertThat(signed(conversion(tx, player, "10")).statusCode()).isEqualTo(200);
        }
        assertThat(workers(500, transactions).drainOnce()).as("all eleven in one batch").isGreaterThanOrEqualTo(11);

        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 100);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView last = queries.query(new FindConversion(ConversionId.ayet(txs.get(10))), ConversionView.class).join();
            assertThat(last).isNotNull();
            assertThat(last.status()).isEqualTo("flagged");
            assertThat(last.flagReasons()).containsExactly("excessive_velocity");
        });
        Thread.sleep(300);
        assertThat(balanceOf(player)).isEqualTo(100);
    }

    @Test
    void aReversalAndItsConversionInOneBatchCreateNoMoney() throws Exception {
        String player = newPlayer();
        String tx = newTx();
        Map<String, String> reversal = conversion("r-" + tx, player, "-40");
        reversal.put("is_chargeback", "1");
        assertThat(signed(reversal).statusCode()).isEqualTo(200);
        assertThat(signed(conversion(tx, player, "40")).statusCode()).isEqualTo(200);
        drainAll(workers(500, transactions));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ConversionView view = queries.query(new FindConversion(ConversionId.ayet(tx)), ConversionView.class).join();
            assertThat(view).isNotNull();
            assertThat(view.status()).isEqualTo("reversed");
        });
        assertThat(balanceOf(player)).isZero();
        assertThat(eventsOf(AccountId.user(player).value())).isZero();
    }

    /** Eight callbacks of eight players with the poison in the middle; the players, in order. */
    private List<String> batchAround(String poisonTx, String poisonPlayer) throws Exception {
        List<String> players = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String player = i == 4 ? poisonPlayer : newPlayer();
            players.add(player);
            assertThat(signed(conversion(i == 4 ? poisonTx : newTx(), player, "11")).statusCode()).isEqualTo(200);
        }
        return players;
    }

    @Test
    void aCallbackThatKeepsFailingIsSetAsideWhileTheRestOfItsBatchIsRecorded() throws Exception {
        String poisonTx = newTx();
        List<String> players = batchAround(poisonTx, newPlayer());

        workers(500, transactions, failingFor(poisonTx, new IllegalStateException("poison"))).drainOnce();

        for (int i = 0; i < players.size(); i++) {
            String player = players.get(i);
            if (i != 4) {
                await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 11);
            }
        }
        assertThat(eventsOf("conversion:ayet:" + poisonTx)).isZero();
        assertThat(jdbc.sql("SELECT attempts FROM ayet_callback_inbox WHERE transaction_id = :tx").param("tx", poisonTx)
                .query(Integer.class).single()).as("kept, not skipped").isEqualTo(1);

        // once the cause is gone (here: a worker without the fault) it is recorded like any other
        drainAll(workers(500, transactions));
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(players.get(4)) == 11);
        assertThat(waiting()).isZero();
    }

    @Test
    void aCallbackTheCoreRefusesForGoodIsDroppedWhileTheRestOfItsBatchIsRecorded() throws Exception {
        String poisonTx = newTx();
        String poisonPlayer = newPlayer();
        List<String> players = batchAround(poisonTx, poisonPlayer);

        workers(500, transactions, failingFor(poisonTx, new DomainException(ConversionError.INVALID_AMOUNT, "refused"))).drainOnce();

        assertThat(waiting()).isZero();
        for (String player : players) {
            if (!player.equals(poisonPlayer)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 11);
            }
        }
        assertThat(eventsOf("conversion:ayet:" + poisonTx)).isZero();
        assertThat(balanceOf(poisonPlayer)).isZero();
    }

    @Test
    void aStoredCallbackThatNoLongerParsesIsDroppedWithoutHoldingUpItsBatch() throws Exception {
        String player = newPlayer();
        assertThat(signed(conversion(newTx(), player, "21")).statusCode()).isEqualTo(200);
        jdbc.sql("INSERT INTO ayet_callback_inbox (transaction_id, reversal, query, source_allowed) VALUES ('garbage-1', false, 'a=%zz', true)")
                .update();
        assertThat(signed(conversion(newTx(), player, "21")).statusCode()).isEqualTo(200);

        drainAll(workers(500, transactions));
        assertThat(waiting()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 42);
    }

    private int readiness() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).join().statusCode();
    }

    @Test
    void readinessIsDownWhileTheOldestCallbackIsOlderThanTheBound() {
        drainAll(workers(500, transactions));
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
        jdbc.sql("INSERT INTO ayet_callback_inbox (transaction_id, reversal, query, source_allowed, received_at) "
                + "VALUES ('old-1', false, 'x=1', true, now() - interval '5 minutes')").update();
        try {
            CallbackInbox.Depth old = inbox.depth();
            assertThat(old.rows()).isGreaterThanOrEqualTo(1);
            assertThat(old.oldest()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
            assertThat(readiness()).isEqualTo(503);
        } finally {
            jdbc.sql("DELETE FROM ayet_callback_inbox WHERE transaction_id = 'old-1'").update();
        }
        assertThat(readiness()).isEqualTo(200);
    }
}
