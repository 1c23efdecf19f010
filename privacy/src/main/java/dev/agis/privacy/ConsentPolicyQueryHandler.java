package dev.agis.privacy;

import dev.agis.domain.consent.ConsentQueries.ConsentPolicy;
import dev.agis.domain.consent.ConsentQueries.FindConsentPolicy;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The current privacy policy version, from configuration: one setting for every edge that records a grant. */
@Component
public class ConsentPolicyQueryHandler {

    private final AgisPrivacySettings settings;

    public ConsentPolicyQueryHandler(AgisPrivacySettings settings) {
        this.settings = settings;
    }

    @QueryHandler
    public ConsentPolicy handle(FindConsentPolicy query) {
        return new ConsentPolicy(settings.policyVersion());
    }
}
