package dev.agis.projections.deadletter;

import dev.agis.domain.operations.DeadLetterParked;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParkAfterRetriesTest {

    private final DeadLetterSettings settings = new DeadLetterSettings(2, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));
    private final List<Object> published = new ArrayList<>();
    private final ParkAfterRetries policy = new ParkAfterRetries("ledger", settings, published::add);
    private final EventMessage<?> event = new GenericDomainEventMessage<>("Account", "account:user:1", 7, "payload");

    /** What the queue stores after the policy's decision. */
    private DeadLetter<? extends EventMessage<?>> fail(DeadLetter<? extends EventMessage<?>> letter) {
        RuntimeException cause = new IllegalStateException("boom");
        EnqueueDecision<EventMessage<?>> decision = policy.decide(letter, cause);
        assertThat(decision.shouldEnqueue()).as("a policy never drops a letter").isTrue();
        return decision.withDiagnostics(letter);
    }

    @Test
    void everyFailureIsCountedAndTheOneThatExhaustsTheRetriesParksAndAnnouncesOnce() {
        DeadLetter<? extends EventMessage<?>> letter = new GenericDeadLetter<>("account:user:1", event, new IllegalStateException("boom"));

        letter = fail(letter);
        assertThat(ParkAfterRetries.attempts(letter)).isEqualTo(1);
        assertThat(ParkAfterRetries.parked(letter, settings)).isFalse();
        letter = fail(letter);
        assertThat(ParkAfterRetries.parked(letter, settings)).isFalse();
        assertThat(published).isEmpty();

        letter = fail(letter);
        assertThat(ParkAfterRetries.attempts(letter)).isEqualTo(3);
        assertThat(ParkAfterRetries.parked(letter, settings)).isTrue();
        assertThat(published).singleElement().isInstanceOfSatisfying(DeadLetterParked.class, p -> {
            assertThat(p.processingGroup()).isEqualTo("ledger");
            assertThat(p.sequenceIdentifier()).isEqualTo("account:user:1");
            assertThat(p.attempts()).isEqualTo(3);
            assertThat(p.cause()).contains("IllegalStateException: boom");
        });

        // an operator's retry that fails again keeps it parked, without a second announcement
        letter = fail(letter);
        assertThat(ParkAfterRetries.parked(letter, settings)).isTrue();
        assertThat(published).hasSize(1);
    }

    @Test
    void theBackOffDoublesUpToItsLimit() {
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoffAfter(50)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.parkAfterAttempts()).isEqualTo(3);
    }
}
