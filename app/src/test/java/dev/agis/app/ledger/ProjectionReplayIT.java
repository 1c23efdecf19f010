package dev.agis.app.ledger;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.cli.ProcessorProgress;
import dev.agis.domain.account.AccountCommands.CaptureHold;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.DebitAccount;
import dev.agis.domain.account.AccountCommands.PlaceHold;
import dev.agis.domain.account.AccountCommands.ReleaseHold;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import dev.agis.projections.ledger.LedgerProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ledger read models rebuilt from event zero equal the live ones. */
class ProjectionReplayIT extends AbstractIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ProcessorProgress progress;
    @Autowired
    JdbcClient jdbc;

    @Test
    void projectionsEqualAReplayFromZero() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Actor actor = Actor.system("test");
        AccountId a = AccountId.user("rp" + run + "a");
        AccountId b = AccountId.user("rp" + run + "b");
        AccountId g = AccountId.guild("rp" + run);
        commands.sendAndWait(new CreditAccount(a, Credits.of(1000), MovementReason.AD_REWARD, "t1", actor, "conversion:ayet:t1"));
        commands.sendAndWait(new CreditAccount(b, Credits.of(300), MovementReason.AD_REWARD, "t2", actor, "conversion:ayet:t2"));
        commands.sendAndWait(new DebitAccount(a, Credits.of(100), MovementReason.SERVER_COST, "s1/0", actor, "server:s1"));
        commands.sendAndWait(new TransferCredits(a, g, Credits.of(250), "c1", Actor.user(a.ownerId())));
        commands.sendAndWait(new PlaceHold(b, "h1", Credits.of(200), MovementReason.SERVER_COST, actor, "server:s2"));
        commands.sendAndWait(new CaptureHold(b, "h1", actor));
        commands.sendAndWait(new PlaceHold(a, "h2", Credits.of(50), MovementReason.SERVER_COST, actor, "server:s3"));
        commands.sendAndWait(new ReleaseHold(a, "h2", actor, "failed"));
        commands.sendAndWait(new PlaceHold(a, "h3", Credits.of(70), MovementReason.SERVER_COST, actor, "server:s4"));
        commands.sendAndWait(new DebitAccount(b, Credits.of(300), MovementReason.CHARGEBACK, "r-t2", actor, "conversion:ayet:r-t2"));
        progress.awaitCaughtUp(Duration.ofSeconds(30));

        List<Map<String, Object>> balancesBefore = balances();
        List<Map<String, Object>> movementsBefore = movements();
        assertThat(balancesBefore).extracting(r -> r.get("account_id") + "=" + r.get("balance") + "/" + r.get("held"))
                .contains(a.value() + "=650/70", b.value() + "=-200/0", g.value() + "=250/0");

        StreamingEventProcessor ledger = processing.eventProcessor(LedgerProjection.GROUP, StreamingEventProcessor.class).orElseThrow();
        ledger.shutDown();
        ledger.resetTokens();
        ledger.start();

        // the replay starts from empty tables (reset handler) and must converge to exactly the live state
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(balances()).isEqualTo(balancesBefore);
            assertThat(movements()).isEqualTo(movementsBefore);
        });
    }

    private List<Map<String, Object>> balances() {
        return jdbc.sql("SELECT account_id, kind, balance, held, movements, last_sequence, opened_at, updated_at FROM account_balance ORDER BY account_id")
                .query().listOfRows();
    }

    private List<Map<String, Object>> movements() {
        return jdbc.sql("SELECT * FROM account_movement ORDER BY account_id, sequence_number").query().listOfRows();
    }
}
