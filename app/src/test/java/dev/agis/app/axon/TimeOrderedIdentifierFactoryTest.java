package dev.agis.app.axon;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axonUsesItForEveryMessage() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);
    }

    @Test
    void identifiersAreVersion7UuidsCarryingTheMillisecond() {
        long millis = 0x0190_1234_5678L;
        UUID id = TimeOrderedIdentifierFactory.next(millis, ThreadLocalRandom.current());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).startsWith("01901234-5678-7");
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnes() {
        UUID earlier = TimeOrderedIdentifierFactory.next(1_000, ThreadLocalRandom.current());
        UUID later = TimeOrderedIdentifierFactory.next(1_001, ThreadLocalRandom.current());

        assertThat(earlier.toString()).isLessThan(later.toString());
    }

    @Test
    void concurrentThreadsNeverRepeatAnIdentifier() throws InterruptedException {
        IdentifierFactory factory = new TimeOrderedIdentifierFactory();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                for (int i = 0; i < 100_000; i++) {
                    seen.add(factory.generateIdentifier());
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(seen).hasSize(400_000);
    }
}
