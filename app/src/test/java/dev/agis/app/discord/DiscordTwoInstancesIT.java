package dev.agis.app.discord;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.app.AgisApplication;
import dev.agis.discord.ownership.GatewayOwnership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two whole AGIS instances (two application contexts) on one database, both with Discord on against
 * the fake Discord: exactly one holds the gateway session and says so in its log; when it is shut
 * down, the other takes the gateway over within 30 s and answers interactions.
 * The instances use a database of their own, so the advisory lock (scoped to a database) and the
 * processors of the other tests' cached application stay out of the way.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiscordTwoInstancesIT extends AbstractIntegrationTest {

    static final String OWNS = "This instance owns the Discord gateway session";
    static final FakeDiscord discord;

    static {
        try {
            discord = new FakeDiscord();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    DataSource mainDataSource;

    @AfterAll
    static void stopDiscord() throws IOException {
        discord.close();
    }

    @Test
    void exactlyOneInstanceHoldsTheGatewayAndTheOtherTakesOverWhenItStops(CapturedOutput output) {
        String database = "agis_discord_" + UUID.randomUUID().toString().substring(0, 8);
        JdbcClient main = JdbcClient.create(mainDataSource);
        main.sql("CREATE DATABASE " + database).update();
        ConfigurableApplicationContext one = null;
        ConfigurableApplicationContext two = null;
        try {
            String url = urlOf(database);
            one = start("discord-one", url);
            two = start("discord-two", url);
            GatewayOwnership ownershipOne = one.getBean(GatewayOwnership.class);
            GatewayOwnership ownershipTwo = two.getBean(GatewayOwnership.class);

            await().atMost(Duration.ofSeconds(30)).until(discord::ready);
            // several ownership checks of both instances later: still one owner, one session, one login
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> ownershipOne.owner() ^ ownershipTwo.owner());
            assertThat(discord.readySessions()).isEqualTo(1);
            assertThat(discord.identifies()).isEqualTo(1);
            assertThat(occurrences(output.getAll(), OWNS)).isEqualTo(1);
            assertThat(answersBalance()).isTrue();

            ConfigurableApplicationContext owner = ownershipOne.owner() ? one : two;
            GatewayOwnership survivor = owner == one ? ownershipTwo : ownershipOne;
            long stoppedAt = System.nanoTime();
            owner.close();
            if (owner == one) {
                one = null;
            } else {
                two = null;
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.owner() && discord.readySessions() == 1);
            System.out.printf("discord-two-instances-takeover ms=%d%n", (System.nanoTime() - stoppedAt) / 1_000_000);
            assertThat(discord.identifies()).isEqualTo(2);
            assertThat(occurrences(output.getAll(), OWNS)).isEqualTo(2);
            assertThat(answersBalance()).isTrue();
        } finally {
            if (one != null) {
                one.close();
            }
            if (two != null) {
                two.close();
            }
            main.sql("DROP DATABASE " + database + " WITH (FORCE)").update();
        }
    }

    /** A /balance over the wire is answered by the instance that holds the gateway. */
    private static boolean answersBalance() {
        String id = discord.snowflake();
        String user = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
        discord.dispatchInteraction(discord.slashCommand(id, user, "900000000000000031", false, "balance", null, List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.answersTo(id).stream()
                .anyMatch(r -> r.path().startsWith("interactions/") || r.path().startsWith("webhooks/")));
        return true;
    }

    private String urlOf(String database) {
        try (Connection c = mainDataSource.getConnection()) {
            String mainUrl = c.getMetaData().getURL();
            return mainUrl.substring(0, mainUrl.lastIndexOf('/') + 1) + database;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** One more AGIS instance on the database, Discord on against the fake; arguments win over application.yml. */
    private static ConfigurableApplicationContext start(String node, String url) {
        return new SpringApplicationBuilder(AgisApplication.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--agis.privacy.master-key=" + devMasterKey(),
                "--spring.datasource.hikari.maximum-pool-size=12",
                "--spring.datasource.hikari.minimum-idle=2",
                "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--agis.instance.node-id=" + node,
                "--agis.discord.token=" + FakeDiscord.TOKEN,
                "--agis.discord.api-base-url=" + discord.apiBaseUrl(),
                "--agis.discord.ownership-check-every=PT1S");
    }
}
