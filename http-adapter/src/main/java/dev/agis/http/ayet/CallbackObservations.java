package dev.agis.http.ayet;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Ad-network callbacks are not observed as HTTP server requests: {@link AyetMetrics} already times
 * and counts every one by outcome, and Spring's observation (a percentile histogram per URI, an
 * in-flight gauge) was a seventh of the CPU of answering a callback, the busiest request AGIS gets.
 */
@Component
class CallbackObservations implements ObservationPredicate {

    @Override
    public boolean test(String name, Observation.Context context) {
        return !(context instanceof ServerRequestObservationContext request
                && AyetCallbackController.PATH.equals(request.getCarrier().getServletPath()));
    }
}
