package dev.agis.projections;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Gives a processor that now runs several processing groups, which each had a processor (and
 * tokens) of their own before (ADR 0052), the tokens it must start from: every segment at the
 * lower bound of all the former tokens, so no group misses an event. Groups that were further
 * ahead see some events again, which their idempotency makes harmless (process managers send
 * commands with deterministic keys). The former tokens are removed in the same transaction. Runs
 * before the processors start; does nothing once the processor has tokens, or when none of the
 * former processors ever stored one (a new store: the processor starts like any other).
 */
public final class MergedProcessorTokens {

    private static final Logger log = LoggerFactory.getLogger(MergedProcessorTokens.class);

    private MergedProcessorTokens() {
    }

    /**
     * @throws org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException while an
     *         instance of the previous version still holds a former processor's segment: stop it
     *         (or wait for its claims to expire) and start again
     */
    public static void merge(TokenStore tokens, TransactionManager transactions, String processor, List<String> formerProcessors,
                             int segments) {
        transactions.executeInTransaction(() -> {
            if (tokens.fetchSegments(processor).length > 0) {
                return;
            }
            boolean found = false;
            boolean fromTheStart = false;
            TrackingToken lowest = null;
            for (String former : formerProcessors) {
                for (int segment : tokens.fetchSegments(former)) {
                    TrackingToken token = tokens.fetchToken(former, segment); // claims it, so it can be deleted below
                    found = true;
                    if (token == null) {
                        fromTheStart = true;
                    } else {
                        lowest = lowest == null ? token : lowest.lowerBound(token);
                    }
                }
            }
            if (!found) {
                return;
            }
            TrackingToken start = fromTheStart ? null : lowest;
            tokens.initializeTokenSegments(processor, segments, start);
            for (String former : formerProcessors) {
                for (int segment : tokens.fetchSegments(former)) {
                    tokens.deleteToken(former, segment);
                }
            }
            log.info("Processor {} starts at {} ({} segments), where the slowest of {} was", processor, start, segments, formerProcessors);
        });
    }
}
