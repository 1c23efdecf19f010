package dev.agis.discord.notify;

import dev.agis.domain.operations.DeadLetterParked;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.awt.Color;

/**
 * Tells the {@code critical} channel when an event is parked in a dead-letter queue: its aggregate's
 * events wait for an operator (docs/operations.md, "A growing dead-letter queue"). The core announces
 * parking as a Spring application event and knows nothing of Discord; without a critical webhook
 * this posts nothing.
 */
@Component
public class DeadLetterAlerts {

    private static final Color RED = new Color(0xED4245);

    private final WebhookNotifier notifier;

    public DeadLetterAlerts(WebhookNotifier notifier) {
        this.notifier = notifier;
    }

    @EventListener
    void on(DeadLetterParked parked) {
        String type = parked.eventType().substring(parked.eventType().lastIndexOf('.') + 1).replace('$', '.');
        notifier.post(WebhookChannel.CRITICAL, "Event parked in a dead-letter queue",
                "`" + type + "` of `" + parked.sequenceIdentifier() + "` failed " + parked.attempts() + " times in "
                        + parked.processingGroup() + " since " + parked.firstFailure() + ": " + abbreviate(parked.cause(), 500)
                        + "\nLater events of `" + parked.sequenceIdentifier() + "` wait behind it; everything else flows."
                        + " `agis dead-letters list` shows it; retry after the fix with `agis dead-letters retry`.", RED);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
