package dev.agis.discord.notify;

import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts notifications to Discord webhooks, and direct messages to players through the bot's REST
 * API (when a bot token is set), from one background thread. {@link #post} never blocks:
 * it puts the message in a bounded queue and drops it (counted, logged) when the queue is full, so
 * a slow or rate-limiting Discord never holds up event processing. Delivery honours 429 with its
 * Retry-After and retries server errors and network failures with exponential back-off; other
 * refusals (a deleted webhook) are logged and dropped.
 */
public class WebhookNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    /**
     * One notification: to a webhook ({@code url}), or to a player ({@code recipient}): a direct
     * message opens the bot's DM channel with the player first. {@code target} names it in logs.
     */
    record Message(String target, URI url, String body, String recipient) {
    }

    /** The bot's REST API for direct messages; no token = no direct messages. */
    public record Bot(String apiBase, String token) {
        boolean enabled() {
            return token != null && !token.isBlank();
        }
    }

    private final HttpClient http;
    private final Map<WebhookChannel, URI> urls;
    private final Bot bot;
    private final BlockingQueue<Message> queue;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;

    public WebhookNotifier(HttpClient http, Map<WebhookChannel, URI> urls, int capacity, int maxAttempts, Duration firstBackoff) {
        this(http, urls, new Bot("", ""), capacity, maxAttempts, firstBackoff);
    }

    public WebhookNotifier(HttpClient http, Map<WebhookChannel, URI> urls, Bot bot, int capacity, int maxAttempts,
                           Duration firstBackoff) {
        this.http = http;
        this.urls = urls.isEmpty() ? Map.of() : new EnumMap<>(urls);
        this.bot = bot;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sender = new Thread(this::run, "discord-webhooks");
        this.sender.setDaemon(true);
    }

    public void start() {
        if (!urls.isEmpty() || bot.enabled()) {
            sender.start();
            log.info("Discord notifications go to the webhooks of {}{}", urls.keySet(),
                    bot.enabled() ? ", and to players as direct messages" : "");
        }
    }

    public void stop() {
        sender.interrupt();
    }

    public boolean configured(WebhookChannel channel) {
        return urls.containsKey(channel);
    }

    /** Queues one embed for the channel's webhook; false when the channel has none or the queue is full. */
    public boolean post(WebhookChannel channel, String title, String description, Color color) {
        URI url = urls.get(channel);
        if (url == null) {
            return false;
        }
        return enqueue(new Message(channel.name(), url, body(title, description, color), null));
    }

    /** Queues one embed as a direct message of the bot to {@code userId}; false without a bot token or when the queue is full. */
    public boolean postDirect(String userId, String title, String description, Color color) {
        if (!bot.enabled()) {
            return false;
        }
        return enqueue(new Message("direct message", null, body(title, description, color), userId));
    }

    private boolean enqueue(Message message) {
        if (!queue.offer(message)) {
            long n = dropped.incrementAndGet();
            log.warn("Discord notification queue full: dropped a {} notification ({} dropped so far)", message.target(), n);
            return false;
        }
        return true;
    }

    private static String body(String title, String description, Color color) {
        MessageEmbed embed = new EmbedBuilder().setTitle(title).setDescription(description).setColor(color).build();
        return DataObject.empty().put("embeds", DataArray.empty().add(embed.toData())).toString();
    }

    public long delivered() {
        return delivered.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                deliver(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void deliver(Message message) throws InterruptedException {
        URI url = message.url();
        if (message.recipient() != null) {
            // the bot's DM channel with the player (Discord answers the existing one when there is one)
            Optional<String> channel = send(message.target(), URI.create(apiBase() + "users/@me/channels"),
                    DataObject.empty().put("recipient_id", message.recipient()).toString())
                    .map(answer -> DataObject.fromJson(answer).getString("id"));
            if (channel.isEmpty()) {
                return;
            }
            url = URI.create(apiBase() + "channels/" + channel.get() + "/messages");
        }
        if (send(message.target(), url, message.body()).isPresent()) {
            delivered.incrementAndGet();
        }
    }

    /** POSTs with retries; the answer's body when accepted, empty when refused or given up (counted as dropped). */
    private Optional<String> send(String target, URI url, String body) throws InterruptedException {
        Duration backoff = firstBackoff;
        boolean toBot = url.toString().startsWith(apiBase()) && bot.enabled();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait = backoff;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (toBot) {
                    request.header("Authorization", "Bot " + bot.token());
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return Optional.of(response.body() == null ? "" : response.body());
                }
                if (status == 429) {
                    wait = retryAfter(response).orElse(backoff);
                } else if (status < 500) {
                    // a deleted webhook, or a player who does not accept direct messages
                    log.warn("Discord refused a {} notification: HTTP {} {}", target, status, response.body());
                    dropped.incrementAndGet();
                    return Optional.empty();
                }
            } catch (IOException e) {
                log.debug("Posting a {} notification failed: {}", target, e.toString());
            }
            if (attempt < maxAttempts) {
                Thread.sleep(wait.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : backoff.multipliedBy(2);
            }
        }
        dropped.incrementAndGet();
        log.warn("Gave up a {} notification after {} attempts", target, maxAttempts);
        return Optional.empty();
    }

    private String apiBase() {
        String base = bot.apiBase() == null ? "" : bot.apiBase();
        return base.endsWith("/") ? base : base + "/";
    }

    /** Discord sends Retry-After in seconds (header) and retry_after in seconds with a fraction (body). */
    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        try {
            String body = response.body();
            if (body != null && body.contains("retry_after")) {
                double seconds = DataObject.fromJson(body).getDouble("retry_after");
                return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
            }
            return response.headers().firstValue("Retry-After").map(s -> Duration.ofMillis((long) Math.ceil(Double.parseDouble(s) * 1000)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
