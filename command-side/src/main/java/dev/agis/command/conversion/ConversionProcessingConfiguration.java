package dev.agis.command.conversion;

import dev.agis.domain.conversion.ConversionEvents.ConversionApproved;
import dev.agis.domain.conversion.ConversionEvents.ConversionReversed;
import dev.agis.domain.conversion.ConversionEvents.ConversionRewarded;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reward process is sequenced per <b>player</b>, not per conversion: every credit and chargeback
 * of one account runs in one segment. Otherwise two segments would each hold that account's lock
 * for a whole batch transaction and wait for each other.
 */
@Configuration(proxyBeanMethods = false)
public class ConversionProcessingConfiguration {

    static final SequencingPolicy<EventMessage<?>> PER_PLAYER = event -> {
        Object payload = event.getPayload();
        if (payload instanceof ConversionRewarded e) {
            return "player:" + e.playerId().value();
        }
        if (payload instanceof ConversionApproved e) {
            return "player:" + e.playerId().value();
        }
        if (payload instanceof ConversionReversed e) {
            return "player:" + e.playerId().value();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    };

    @Bean
    ConfigurerModule conversionRewardsSequencing() {
        return configurer -> configurer.eventProcessing(ep -> ep.registerSequencingPolicy(ConversionRewardProcess.GROUP, c -> PER_PLAYER));
    }
}
