package dev.agis.privacy;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.privacy.PrivacyCommands.MasterKeyRotation;
import dev.agis.domain.privacy.PrivacyCommands.RotateMasterKey;
import org.axonframework.commandhandling.CommandHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers {@link RotateMasterKey} ({@code agis privacy rotate-master-key}): re-wraps every player
 * data key with {@code agis.privacy.new-master-key}. The key comes from configuration, never from
 * the command, so it is never in a message, a log or an audit trail; only the count is reported.
 */
@Component
public class MasterKeyRotator {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotator.class);

    private final JdbcPlayerKeyStore keys;
    private final AgisPrivacySettings settings;

    public MasterKeyRotator(JdbcPlayerKeyStore keys, AgisPrivacySettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @CommandHandler
    public MasterKeyRotation handle(RotateMasterKey cmd) {
        if (cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
        if (settings.newMasterKey().isBlank()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT,
                    "the new master key is not set: agis.privacy.new-master-key (AGIS_NEW_MASTER_KEY), base64 of 32 random bytes");
        }
        MasterKey next;
        try {
            next = MasterKey.fromBase64(settings.newMasterKey());
        } catch (IllegalArgumentException e) {
            // the message names the problem (length, alphabet), never the key
            throw new DomainException(CommonError.INVALID_ARGUMENT, "the new master key is not usable: " + e.getMessage());
        }
        try {
            int rotated = keys.rotateMasterKey(next);
            log.info("master key rotated by {}: {} player data keys re-wrapped", cmd.actor(), rotated);
            return new MasterKeyRotation(rotated);
        } catch (IllegalArgumentException e) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, e.getMessage());
        }
    }
}
