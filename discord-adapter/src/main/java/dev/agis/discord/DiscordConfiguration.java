package dev.agis.discord;

import dev.agis.discord.notify.ProcessorErrorWatch;
import dev.agis.discord.notify.WebhookNotifier;
import dev.agis.discord.ownership.AdvisoryLockOwnership;
import dev.agis.discord.ownership.GatewayOwnership;
import dev.agis.discord.ownership.LeaseOwnership;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wiring of the Discord edge. The listener and the commands always exist (tests drive them
 * directly); the gateway session starts only with a token.
 */
@Configuration
public class DiscordConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DiscordConfiguration.class);

    @Bean
    Confirmations discordConfirmations(DiscordProperties properties) {
        return new Confirmations(properties.confirmTimeout(), Clock.systemUTC());
    }

    /** Bounded: a flood of interactions is answered "busy" instead of queueing past Discord's 3 s. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService discordWorkers(DiscordProperties properties) {
        return new ThreadPoolExecutor(properties.workers(), properties.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(500), threads("discord-command-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService discordTimers() {
        return Executors.newSingleThreadScheduledExecutor(threads("discord-timer-"));
    }

    @Bean
    HttpClient discordHttp() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Bean
    InteractionListener discordInteractions(List<SlashCommand> commands, Confirmations confirmations,
                                            ExecutorService discordWorkers, ScheduledExecutorService discordTimers,
                                            DiscordProperties properties) {
        return new InteractionListener(commands, confirmations, discordWorkers, discordTimers, properties.deferAfter());
    }

    @Bean
    CommandRegistrar discordCommandRegistrar(HttpClient discordHttp, DiscordProperties properties, List<SlashCommand> commands) {
        return new CommandRegistrar(discordHttp, properties, commands);
    }

    @Bean
    DiscordBot discordBot(DiscordProperties properties, InteractionListener listener, CommandRegistrar registrar,
                          HttpClient discordHttp) {
        return new DiscordBot(properties, listener, registrar, discordHttp);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    WebhookNotifier discordWebhooks(HttpClient discordHttp, DiscordProperties properties) {
        DiscordProperties.Webhooks webhooks = properties.webhooks();
        return new WebhookNotifier(discordHttp, webhooks.urls(), new WebhookNotifier.Bot(properties.apiBase(), properties.token()),
                webhooks.queueCapacity(), webhooks.maxAttempts(), webhooks.firstBackoff());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    ProcessorErrorWatch discordProcessorErrorWatch(EventProcessingConfiguration processing, WebhookNotifier discordWebhooks,
                                                   DiscordProperties properties) {
        return new ProcessorErrorWatch(ProcessorErrorWatch.of(processing), discordWebhooks, instanceName(),
                properties.notifications().processorCheckEvery());
    }

    /** The advisory lock unless a Kubernetes Lease is configured (DISCORD_OWNERSHIP=lease); the bot sees only the interface. */
    @Bean
    GatewayOwnership discordGatewayOwnership(DataSource dataSource, DiscordProperties properties, DiscordBot bot) {
        if (properties.ownership().mode() == DiscordProperties.OwnershipMode.LEASE) {
            return LeaseOwnership.inCluster(properties.ownership(), bot::connect, bot::disconnect);
        }
        return new AdvisoryLockOwnership(dataSource, properties.ownershipCheckEvery(), bot::connect, bot::disconnect);
    }

    /**
     * With a token, competes for the gateway (the owner connects); after everything else has
     * started (the gateways it sends to are up), and stops first.
     */
    @Bean
    SmartLifecycle discordLifecycle(DiscordProperties properties, GatewayOwnership ownership) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
                if (!properties.enabled()) {
                    log.info("Discord is off: set DISCORD_TOKEN to the bot token to turn it on (docs/discord.md)");
                    return;
                }
                ownership.start();
            }

            @Override
            public void stop() {
                running = false;
                ownership.stop();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 100;
            }
        };
    }

    private static String instanceName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this instance";
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
