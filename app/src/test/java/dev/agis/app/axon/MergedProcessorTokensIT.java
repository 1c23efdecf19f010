package dev.agis.app.axon;

import dev.agis.app.AbstractIntegrationTest;
import dev.agis.projections.MergedProcessorTokens;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups that had processors of their own move into one (ADR 0052): the new processor starts where
 * the slowest former segment was, gaps included, so no group misses an event; the former tokens go.
 */
class MergedProcessorTokensIT extends AbstractIntegrationTest {

    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionManager transactions;

    @Test
    void theNewProcessorStartsAtTheLowerBoundOfTheFormerTokensWhichAreRemoved() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "former-a-" + run;
        String b = "former-b-" + run;
        String merged = "merged-" + run;
        transactions.executeInTransaction(() -> {
            tokens.initializeTokenSegments(a, 2, GapAwareTrackingToken.newInstance(120, Set.of()));
            tokens.initializeTokenSegments(b, 1, GapAwareTrackingToken.newInstance(150, Set.of(90L)));
        });
        transactions.executeInTransaction(() -> {
            tokens.fetchToken(a, 1);
            tokens.storeToken(GapAwareTrackingToken.newInstance(100, Set.of()), a, 1);
            tokens.releaseClaim(a, 1);
        });

        MergedProcessorTokens.merge(tokens, transactions, merged, List.of(a, b), 3);

        TrackingToken expected = GapAwareTrackingToken.newInstance(100, Set.of(90L));
        for (int segment = 0; segment < 3; segment++) {
            int s = segment;
            TrackingToken start = transactions.fetchInTransaction(() -> tokens.fetchToken(merged, s));
            assertThat(start).as("segment %s", s).isEqualTo(expected);
            assertThat(start.covers(GapAwareTrackingToken.newInstance(90, Set.of()))).isFalse();
        }
        assertThat(tokens.fetchSegments(a)).isEmpty();
        assertThat(tokens.fetchSegments(b)).isEmpty();
    }

    @Test
    void aProcessorWithTokensOrFormerProcessorsWithoutAnyAreLeftAlone() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String former = "former-" + run;
        String existing = "existing-" + run;
        transactions.executeInTransaction(() -> {
            tokens.initializeTokenSegments(former, 1, GapAwareTrackingToken.newInstance(10, Set.of()));
            tokens.initializeTokenSegments(existing, 2, GapAwareTrackingToken.newInstance(500, Set.of()));
        });

        MergedProcessorTokens.merge(tokens, transactions, existing, List.of(former), 8);
        MergedProcessorTokens.merge(tokens, transactions, "new-" + run, List.of("never-ran-" + run), 8);

        assertThat(tokens.fetchSegments(existing)).containsExactly(0, 1);
        assertThat(tokens.fetchSegments(former)).containsExactly(0);
        assertThat(tokens.fetchSegments("new-" + run)).isEmpty();
    }
}
