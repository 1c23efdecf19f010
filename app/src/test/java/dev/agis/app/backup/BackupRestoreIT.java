package dev.agis.app.backup;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.AgisApplication;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * deploy/scripts/backup-restore-verify.sh end to end, as an operator runs it: {@code agis backup} of
 * the live (embedded) database in its own JVM, {@code agis restore} into a new empty database,
 * {@code agis audit verify} on the restored one — then the restored store equals the original, its
 * sequences continue after the restored rows, and a second restore into the now filled database is
 * refused.
 */
class BackupRestoreIT extends AbstractIntegrationTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;

    @Test
    void theScriptBacksUpRestoresIntoAnEmptyDatabaseAndTheLedgerVerifies() throws Exception {
        // some ledger history: credits and transfers between players and a guild
        String player = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        AccountId guild = AccountId.guild("6" + player);
        for (int i = 0; i < 5; i++) {
            AccountId payer = AccountId.user(player + i);
            commands.sendAndWait(new CreditAccount(payer, Credits.of(100), MovementReason.ADMIN_GRANT, "fund", Actor.system("test"), "test"));
            commands.sendAndWait(new TransferCredits(payer, guild, Credits.of(40), "backup-test", Actor.system("test")));
        }
        // the verification compares read models with the events: back up once the projections caught up
        await().atMost(Duration.ofSeconds(60)).until(this::projectionsCaughtUp);

        JdbcClient main = JdbcClient.create(dataSource);
        String target = "agis_restore_" + UUID.randomUUID().toString().substring(0, 8);
        main.sql("CREATE DATABASE " + target).update();
        String sourceUrl;
        try (Connection c = dataSource.getConnection()) {
            sourceUrl = c.getMetaData().getURL();
        }
        String targetUrl = sourceUrl.substring(0, sourceUrl.lastIndexOf('/') + 1) + target;
        Path dir = Files.createTempDirectory("agis-backup");
        Path backup = dir.resolve("agis.backup");
        try {
            Run drill = script("drill", backup, sourceUrl, targetUrl);
            assertThat(drill.exitCode()).as(drill.output()).isZero();
            assertThat(drill.output()).contains("domain_event_entry").contains("OK: ").contains("restored").contains("Next: agis audit verify");
            assertThat(Files.size(backup)).isPositive();

            JdbcClient restored = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(targetUrl, "postgres", ""));
            // the events, tokens, keys and read models as of the backup; nothing appended here since the projections caught up
            for (String table : List.of("ledger_key", "account_balance", "account_movement", "token_entry", "snapshot_event_entry")) {
                assertThat(count(restored, table)).as(table).isEqualTo(count(main, table));
            }
            long restoredEvents = count(restored, "domain_event_entry");
            assertThat(restoredEvents).isPositive().isLessThanOrEqualTo(count(main, "domain_event_entry"));
            assertThat(restored.sql("SELECT balance FROM account_balance WHERE account_id = :id").param("id", guild.value())
                    .query(Long.class).single()).isEqualTo(200L);
            // the next event appended to the restored store gets a global index after the restored ones
            long maxIndex = restored.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
            assertThat(restored.sql("SELECT nextval('domain_event_entry_global_index_seq')").query(Long.class).single()).isGreaterThan(maxIndex);

            // a restore never overwrites a database that holds events
            Run again = script("restore", backup, sourceUrl, targetUrl);
            assertThat(again.exitCode()).as(again.output()).isEqualTo(2);
            assertThat(again.output()).contains("restore only into an empty database");
        } finally {
            main.sql("DROP DATABASE IF EXISTS " + target + " WITH (FORCE)").update();
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private boolean projectionsCaughtUp() {
        long head = eventStore.createHeadToken().position().orElse(0);
        for (Map.Entry<String, org.axonframework.eventhandling.EventProcessor> e : processing.eventProcessors().entrySet()) {
            if (e.getValue() instanceof StreamingEventProcessor s) {
                for (EventTrackerStatus status : s.processingStatus().values()) {
                    if (status.getCurrentPosition().orElse(0) < head) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long count(JdbcClient db, String table) {
        return db.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    record Run(int exitCode, String output) {
    }

    /** The script in a child process; "agis" is this test's classpath, as the jar would be. */
    private static Run script(String mode, Path backup, String sourceUrl, String targetUrl) throws Exception {
        Path script = repository().resolve("deploy/scripts/backup-restore-verify.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), mode, backup.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AGIS", java + " -Xmx256m -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " "
                + AgisApplication.class.getName());
        env.put("DB_URL", sourceUrl);
        // an external database needs the master key: the one this test's embedded server generated
        env.put("AGIS_MASTER_KEY", devMasterKey());
        env.put("DB_USER", "postgres");
        env.put("RESTORE_DB_URL", targetUrl);
        env.remove("DB_HOST");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), new String(output));
    }

    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/scripts/backup-restore-verify.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
