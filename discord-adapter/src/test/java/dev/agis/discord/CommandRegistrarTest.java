package dev.agis.discord;

import com.sun.net.httpserver.HttpServer;
import dev.agis.discord.ownership.AdvisoryLockOwnership;
import dev.agis.discord.ownership.GatewayOwnership;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.utils.data.DataArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the commands are registered (global, one guild, the operator guild), and the bot staying off without a token. */
@ExtendWith(OutputCaptureExtension.class)
class CommandRegistrarTest {

    private HttpServer server;
    private final Map<String, List<String>> registered = new TreeMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/api/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                DataArray commands = DataArray.fromJson(body);
                List<String> names = new java.util.ArrayList<>();
                for (int i = 0; i < commands.length(); i++) {
                    names.add(commands.getObject(i).getString("name"));
                }
                registered.put(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath().replace("/api/", ""), names);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static SlashCommand command(String name, boolean operator) {
        return new SlashCommand() {
            @Override
            public SlashCommandData definition() {
                return Commands.slash(name, "test command " + name);
            }

            @Override
            public boolean operatorOnly() {
                return operator;
            }

            @Override
            public Reply handle(CommandInput input) {
                return Reply.info(name, null);
            }
        };
    }

    private void register(String guildId, String adminGuildId) {
        DiscordProperties properties = new DiscordProperties("token", guildId, adminGuildId,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/api/", Duration.ofMinutes(2), Duration.ofMillis(700), 4,
                Duration.ofSeconds(5), null, null, null);
        new CommandRegistrar(HttpClient.newHttpClient(), properties, List.of(command("balance", false), command("grant", true)))
                .register("1");
    }

    @Test
    void playerCommandsGoGlobalAndOperatorCommandsToTheOperatorGuildOnly() {
        register("", "99");
        assertThat(registered).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PUT applications/1/commands", List.of("balance"),
                "PUT applications/1/guilds/99/commands", List.of("grant")));
    }

    @Test
    void aTestGuildGetsThePlayerCommandsAndTheOperatorOnesWhenItIsTheOperatorGuild() {
        register("55", "");
        assertThat(registered).containsExactly(Map.entry("PUT applications/1/guilds/55/commands", List.of("balance")));
        registered.clear();
        register("55", "55");
        assertThat(registered).containsExactly(Map.entry("PUT applications/1/guilds/55/commands", List.of("balance", "grant")));
    }

    @Test
    void withoutATokenTheBotStaysOffAndSaysHowToTurnItOn(CapturedOutput output) {
        DiscordProperties off = new DiscordProperties("", "", "", "https://discord.com/api/v10/", Duration.ofMinutes(2),
                Duration.ofMillis(700), 4, Duration.ofSeconds(5), null, null, null);
        GatewayOwnership ownership = new AdvisoryLockOwnership(null, Duration.ofSeconds(5), () -> {
            throw new AssertionError("no session without a token");
        }, () -> {
        });
        new DiscordConfiguration().discordLifecycle(off, ownership).start();
        assertThat(output).contains("Discord is off: set DISCORD_TOKEN");
        assertThat(ownership.owner()).isFalse();
    }
}
