package dev.agis.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.util.EnumSet;

/**
 * The gateway session: JDA logged in with the bot token, receiving interactions. Slash commands
 * need no gateway intents at all, so AGIS asks for none (no privileged intent, no guild cache).
 * Connecting and registering the commands happen only on the instance that owns the gateway.
 */
public class DiscordBot {

    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final DiscordProperties properties;
    private final InteractionListener listener;
    private final CommandRegistrar registrar;
    private final HttpClient http;
    private volatile JDA jda;

    public DiscordBot(DiscordProperties properties, InteractionListener listener, CommandRegistrar registrar, HttpClient http) {
        this.properties = properties;
        this.listener = listener;
        this.registrar = registrar;
        this.http = http;
    }

    /** Logs in (token check, then the gateway in the background); registers the commands when ready. */
    public synchronized void connect() {
        if (jda != null) {
            return;
        }
        try {
            jda = JDABuilder.createLight(properties.token(), EnumSet.noneOf(GatewayIntent.class))
                    .setRestConfig(new RestConfig().setBaseUrl(properties.apiBase()))
                    .setSessionController(new GatewaySessionController(http, properties.apiBase(), properties.token()))
                    // interactions are small and few: plain JSON frames cost less than a zlib context per session
                    .setCompression(Compression.NONE)
                    .addEventListeners(listener, new ListenerAdapter() {
                        @Override
                        public void onReady(ReadyEvent event) {
                            log.info("Discord gateway ready as {}", event.getJDA().getSelfUser().getName());
                            registrar.register(event.getJDA().getSelfUser().getApplicationId());
                        }
                    })
                    .build();
        } catch (RuntimeException e) {
            // a wrong token must not take the rest of AGIS down with it
            log.error("Discord login failed, the bot stays off: {}", e.getMessage());
            jda = null;
        }
    }

    public synchronized void disconnect() {
        JDA current = jda;
        jda = null;
        if (current != null) {
            current.shutdown();
            try {
                if (!current.awaitShutdown(java.time.Duration.ofSeconds(10))) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current.shutdownNow();
            }
            log.info("Discord gateway session closed");
        }
    }

    public boolean connected() {
        JDA current = jda;
        return current != null && current.getStatus() == JDA.Status.CONNECTED;
    }

    /** The running session, null when this instance holds none. */
    public JDA jda() {
        return jda;
    }
}
