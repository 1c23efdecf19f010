package dev.agis.discord;

import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.utils.data.DataArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the slash commands with a bulk overwrite ({@code PUT}), which is idempotent: running it
 * on every start of the gateway owner leaves exactly the commands of this version. Player commands
 * go global, or to {@code DISCORD_GUILD_ID} only (instant, for testing); operator commands go only
 * to the operator guild. Plain HTTP, because JDA registers guild commands only for guilds in its
 * cache and AGIS subscribes to no guild events.
 */
public class CommandRegistrar {

    private static final Logger log = LoggerFactory.getLogger(CommandRegistrar.class);

    private final HttpClient http;
    private final DiscordProperties properties;
    private final List<SlashCommand> commands;

    public CommandRegistrar(HttpClient http, DiscordProperties properties, List<SlashCommand> commands) {
        this.http = http;
        this.properties = properties;
        this.commands = commands;
    }

    public void register(String applicationId) {
        List<SlashCommandData> players = new ArrayList<>();
        List<SlashCommandData> operators = new ArrayList<>();
        for (SlashCommand command : commands) {
            (command.operatorOnly() ? operators : players).add(command.definition());
        }
        String guild = properties.guildId();
        String admin = properties.adminGuildId();
        if (!guild.isBlank()) {
            List<SlashCommandData> here = new ArrayList<>(players);
            if (guild.equals(admin)) {
                here.addAll(operators);
            }
            put("applications/" + applicationId + "/guilds/" + guild + "/commands", here, "guild " + guild);
        } else {
            put("applications/" + applicationId + "/commands", players, "all guilds");
        }
        if (!admin.isBlank() && !admin.equals(guild)) {
            put("applications/" + applicationId + "/guilds/" + admin + "/commands", operators, "operator guild " + admin);
        }
    }

    private void put(String path, List<SlashCommandData> definitions, String where) {
        DataArray body = DataArray.empty();
        definitions.forEach(d -> body.add(d.toData()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.apiBase() + path))
                .header("Authorization", "Bot " + properties.token())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                log.error("Discord refused the command registration for {}: HTTP {} {}", where, response.statusCode(), response.body());
                return;
            }
            log.info("Registered {} slash commands for {}", definitions.size(), where);
        } catch (IOException e) {
            log.error("Could not register the slash commands for {}: {}", where, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
