package dev.agis.app.axon;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.AgisApplication;
import dev.agis.domain.account.AccountCommands.CreditAccount;
import dev.agis.domain.account.AccountCommands.TransferCredits;
import dev.agis.domain.account.AccountId;
import dev.agis.domain.account.AccountQueries.AccountBalance;
import dev.agis.domain.account.AccountQueries.FindAccountBalance;
import dev.agis.domain.account.MovementReason;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.Credits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upgrading a database whose process managers had processors of their own (ADR 52): the first
 * start of this version gives the processor {@code money} the slowest former position and removes
 * the former tokens, so it neither starts over from the first event nor skips any.
 */
class ProcessorUpgradeIT extends AbstractIntegrationTest {

    @Autowired
    DataSource mainDataSource;

    @Test
    void theMoneyProcessorTakesOverWhereTheFormerProcessManagerProcessorsWere() throws Exception {
        String database = "agis_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        JdbcClient main = JdbcClient.create(mainDataSource);
        main.sql("CREATE DATABASE " + database).update();
        String url;
        try (Connection c = mainDataSource.getConnection()) {
            String mainUrl = c.getMetaData().getURL();
            url = mainUrl.substring(0, mainUrl.lastIndexOf('/') + 1) + database;
        }
        AccountId from = AccountId.user("upgrade-from");
        AccountId to = AccountId.user("upgrade-to");
        try {
            // the previous version's layout: the process managers' positions under their group names
            ConfigurableApplicationContext before = start(url);
            try {
                CommandGateway commands = before.getBean(CommandGateway.class);
                commands.sendAndWait(new CreditAccount(from, Credits.of(100), MovementReason.ADMIN_GRANT, "fund", Actor.system("test"), "test"));
                commands.sendAndWait(new TransferCredits(from, to, Credits.of(30), "first", Actor.system("test")));
                await().atMost(Duration.ofSeconds(30)).until(() -> balance(before, to) == 30);
            } finally {
                before.close();
            }
            JdbcClient upgraded = JdbcClient.create(new DriverManagerDataSource(url, "postgres", ""));
            upgraded.sql("UPDATE token_entry SET processor_name = 'transfers', owner = NULL WHERE processor_name = 'money'").update();
            upgraded.sql("""
                    INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)
                    SELECT 'conversion-rewards', segment, token, token_type, timestamp, NULL FROM token_entry WHERE processor_name = 'transfers'""")
                    .update();
            // the former processors at the head, one segment of one of them two events behind
            long head = upgraded.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
            upgraded.sql("""
                    UPDATE token_entry SET token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',
                        token = convert_to('{"index":' || CASE WHEN processor_name = 'conversion-rewards' AND segment = 5
                                                               THEN :behind ELSE :head END || ',"gaps":[]}', 'UTF8')
                    WHERE processor_name IN ('transfers', 'conversion-rewards')""")
                    .param("head", head).param("behind", head - 2).update();
            assertThat(positions(upgraded, "transfers")).hasSize(8);

            // an instance that claims no segment (as the command line's contexts): the takeover happens
            // at its start, and no processor moves the tokens on before they are read here
            ConfigurableApplicationContext after = start(url, "--agis.processors.max-claimed-segments=0");
            try {
                assertThat(positions(upgraded, "money")).hasSize(8).allSatisfy((segment, position) -> assertThat(position).isEqualTo(head - 2));
                assertThat(positions(upgraded, "transfers")).isEmpty();
                assertThat(positions(upgraded, "conversion-rewards")).isEmpty();
            } finally {
                after.close();
            }
        } finally {
            main.sql("DROP DATABASE " + database + " WITH (FORCE)").update();
        }
    }

    private static long balance(ConfigurableApplicationContext instance, AccountId account) {
        return instance.getBean(QueryGateway.class).query(new FindAccountBalance(account), AccountBalance.class).join().balance().value();
    }

    /** Segment → position of a processor's stored token (Jackson: {@code {"index":n,"gaps":[…]}}). */
    private static Map<Integer, Long> positions(JdbcClient db, String processor) {
        return db.sql("SELECT segment, convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = :p")
                .param("p", processor)
                .query((rs, n) -> Map.entry(rs.getInt(1), index(rs.getString(2)))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static long index(String token) {
        Matcher m = INDEX.matcher(token);
        assertThat(m.find()).as(token).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    private static ConfigurableApplicationContext start(String url, String... more) {
        return new SpringApplicationBuilder(AgisApplication.class).run(Stream.concat(Stream.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                // by URL the database counts as external, which needs the master key
                "--agis.privacy.master-key=" + devMasterKey(),
                "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--agis.instance.node-id=upgrade"), Stream.of(more)).toArray(String[]::new));
    }
}
