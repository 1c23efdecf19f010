package dev.agis.privacy;

import dev.agis.domain.privacy.PrivacyEvents.PersonalDataErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Crypto-shredding: deletes the player's data key in the same transaction as the
 * {@link PersonalDataErased} event (a subscribing processor), so the erasure and its record exist
 * together or not at all. It lives with the key store it deletes from.
 */
@Component
@ProcessingGroup(PersonalDataShredder.GROUP)
public class PersonalDataShredder {

    public static final String GROUP = "personal-data-erasure";
    private static final Logger log = LoggerFactory.getLogger(PersonalDataShredder.class);

    private final JdbcPlayerKeyStore keys;

    public PersonalDataShredder(JdbcPlayerKeyStore keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(PersonalDataErased e) {
        boolean deleted = keys.erase(e.playerId().value());
        log.info("personal data of player {} erased (request {}, {})", e.playerId().value(), e.request(),
                deleted ? "data key deleted" : "no data key held");
    }
}
