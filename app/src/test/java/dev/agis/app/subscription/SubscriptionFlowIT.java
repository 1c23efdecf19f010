package dev.agis.app.subscription;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.conversion.AyetCallbackFlowIT;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.subscription.PlayerTierQuery.FindPlayerTier;
import dev.agis.domain.subscription.PlayerTierQuery.PlayerTier;
import dev.agis.domain.subscription.SubscriptionCommands.CancelSubscription;
import dev.agis.domain.subscription.SubscriptionCommands.EndSubscriptionPeriod;
import dev.agis.domain.subscription.SubscriptionCommands.Subscribe;
import dev.agis.domain.subscription.SubscriptionId;
import dev.agis.domain.subscription.SubscriptionQueries.FindSubscription;
import dev.agis.domain.subscription.SubscriptionQueries.SubscriptionView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Subscriptions end to end: wallet debit, tier read model, reward multiplier on callbacks, renewals once per period. */
class SubscriptionFlowIT extends AbstractIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    long balanceOf(String player) {
        return queries.query(new FindAccountBalance(AccountId.user(player)), AccountBalance.class).join().balance().value();
    }

    PlayerTier tierOf(String player) {
        return queries.query(new FindPlayerTier(PlayerId.of(player)), PlayerTier.class).join();
    }

    String statusOf(String player) {
        return queries.query(new FindSubscription(PlayerId.of(player)), SubscriptionView.class).join().status();
    }

    long subscriptionDebits(String player) {
        return jdbc.sql("SELECT count(*) FROM ledger_key WHERE account_id = :a AND idempotency_key LIKE 'subscription:%'")
                .param("a", AccountId.user(player).value()).query(Long.class).single();
    }

    void fund(String player, long amount) {
        commands.sendAndWait(new CreditAccount(AccountId.user(player), Credits.of(amount), MovementReason.ADMIN_GRANT, "fund",
                Actor.system("test"), "test"));
    }

    @Test
    void aPremiumSubscriberPaysMonthlyOncePerPeriodAndEarnsOneAndAHalfTimes() throws Exception {
        String player = AyetCallbackFlowIT.newPlayer();
        SubscriptionId id = SubscriptionId.ofPlayer(PlayerId.of(player));
        fund(player, 10_000);
        long timersBefore = jdbc.sql("SELECT count(*) FROM scheduled_tasks").query(Long.class).single();

        commands.sendAndWait(new Subscribe(id, "premium", Actor.user(player)));

        await().atMost(Duration.ofSeconds(15)).until(() -> "active".equals(statusOf(player)));
        assertThat(tierOf(player).tier()).isEqualTo("premium");
        assertThat(tierOf(player).rewardMultiplier()).isEqualByComparingTo("1.5");
        await().atMost(Duration.ofSeconds(10)).until(() -> balanceOf(player) == 10_000 - 3_990);
        // other tests' timers may fire and be re-planned meanwhile, so the count is awaited, not read once
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks").query(Long.class).single())
                .as("the period end is a persistent timer").isGreaterThan(timersBefore));

        // an ayeT conversion of 100 GC now credits 150
        Map<String, String> p = AyetCallbackFlowIT.conversion(AyetCallbackFlowIT.newTx(), player, "100");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/callbacks/ayet?" + AyetCallbackFlowIT.wire(p)))
                .header("X-Ayetstudios-Security-Hash", AyetCallbackFlowIT.signatureOf(p, AyetCallbackFlowIT.KEY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 10_000 - 3_990 + 150);

        // the period end fires ten times at once (several instances, retries): one renewal, one charge
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            done.add(pool.submit(() -> {
                start.await();
                return commands.sendAndWait(new EndSubscriptionPeriod(id, 1, 1));
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(15)).until(() -> balanceOf(player) == 10_000 - 2 * 3_990 + 150);
        Thread.sleep(500);
        // the ledger read model is a separate projection: it may lag the subscription status
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(balanceOf(player)).isEqualTo(10_000 - 2 * 3_990 + 150));
        assertThat(subscriptionDebits(player)).isEqualTo(2);
        assertThat(statusOf(player)).isEqualTo("active");

        // cancel: runs to the end of the paid period, then expires without a charge
        commands.sendAndWait(new CancelSubscription(id, Actor.user(player)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(statusOf(player)));
        assertThat(tierOf(player).tier()).isEqualTo("premium");
        commands.sendAndWait(new EndSubscriptionPeriod(id, 1, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> "expired".equals(statusOf(player)));
        assertThat(tierOf(player)).isEqualTo(new PlayerTier("free", BigDecimal.ONE, 3));
        assertThat(subscriptionDebits(player)).isEqualTo(2);
    }

    @Test
    void aRenewalThePlayerCannotAffordExpiresTheSubscription() {
        String player = AyetCallbackFlowIT.newPlayer();
        SubscriptionId id = SubscriptionId.ofPlayer(PlayerId.of(player));
        fund(player, 4_000);
        commands.sendAndWait(new Subscribe(id, "premium", Actor.user(player)));
        await().atMost(Duration.ofSeconds(15)).until(() -> "active".equals(statusOf(player)));

        commands.sendAndWait(new EndSubscriptionPeriod(id, 1, 1));

        await().atMost(Duration.ofSeconds(15)).until(() -> "expired".equals(statusOf(player)));
        // the ledger read model is a separate projection: it may lag the subscription status
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(balanceOf(player)).isEqualTo(10));
        assertThat(tierOf(player).tier()).isEqualTo("free");
    }

    @Test
    void aSubscriptionThePlayerCannotAffordNeverStarts() {
        String player = AyetCallbackFlowIT.newPlayer();
        fund(player, 100);
        commands.sendAndWait(new Subscribe(SubscriptionId.ofPlayer(PlayerId.of(player)), "premium_plus", Actor.user(player)));
        await().atMost(Duration.ofSeconds(15)).until(() -> "payment_failed".equals(statusOf(player)));
        // the ledger read model is a separate projection: it may lag the subscription status
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(balanceOf(player)).isEqualTo(100));
        assertThat(tierOf(player).tier()).isEqualTo("free");
    }
}
