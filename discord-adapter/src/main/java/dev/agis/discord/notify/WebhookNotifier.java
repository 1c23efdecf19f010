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
 * Posts notifications to Discord webhooks from one background thread. {@link #post} never blocks:
 * it puts the message in a bounded queue and drops it (counted, logged) when the queue is full, so
 * a slow or rate-limiting Discord never holds up event processing. Delivery honours 429 with its
 * Retry-After and retries server errors and network failures with exponential back-off; other
 * refusals (a deleted webhook) are logged and dropped.
 */
public class WebhookNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    record Message(WebhookChannel channel, URI url, String body) {
    }

    private final HttpClient http;
    private final Map<WebhookChannel, URI> urls;
    private final BlockingQueue<Message> queue;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;

    public WebhookNotifier(HttpClient http, Map<WebhookChannel, URI> urls, int capacity, int maxAttempts, Duration firstBackoff) {
        this.http = http;
        this.urls = urls.isEmpty() ? Map.of() : new EnumMap<>(urls);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sender = new Thread(this::run, "discord-webhooks");
        this.sender.setDaemon(true);
    }

    public void start() {
        if (!urls.isEmpty()) {
            sender.start();
            log.info("Discord notifications go to the webhooks of {}", urls.keySet());
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
        MessageEmbed embed = new EmbedBuilder().setTitle(title).setDescription(description).setColor(color).build();
        String body = DataObject.empty().put("embeds", DataArray.empty().add(embed.toData())).toString();
        if (!queue.offer(new Message(channel, url, body))) {
            long n = dropped.incrementAndGet();
            log.warn("Discord notification queue full: dropped a {} notification ({} dropped so far)", channel, n);
            return false;
        }
        return true;
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
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait = backoff;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(message.url())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(message.body()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                if (status == 429) {
                    wait = retryAfter(response).orElse(backoff);
                } else if (status < 500) {
                    log.warn("The {} webhook refused a notification: HTTP {} {}", message.channel(), status, response.body());
                    dropped.incrementAndGet();
                    return;
                }
            } catch (IOException e) {
                log.debug("Posting to the {} webhook failed: {}", message.channel(), e.toString());
            }
            if (attempt < maxAttempts) {
                Thread.sleep(wait.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : backoff.multipliedBy(2);
            }
        }
        dropped.incrementAndGet();
        log.warn("Gave up a {} notification after {} attempts", message.channel(), maxAttempts);
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
