package dev.agis.privacy;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Personal data encryption (docs/privacy.md).
 *
 * @param masterKey   base64 of 32 random bytes ({@code AGIS_MASTER_KEY}); wraps every player's data key.
 *                    Unset with the embedded database: a development key generated next to its data
 *                    directory (with a warning). Unset with an external database: AGIS does not start.
 * @param newMasterKey base64 of 32 random bytes ({@code AGIS_NEW_MASTER_KEY}): only read by
 *                    {@code agis privacy rotate-master-key}, which re-wraps every data key with it
 * @param policyVersion the privacy policy version players consent to now ({@code AGIS_PRIVACY_POLICY_VERSION});
 *                    the API and Discord record it with every grant
 * @param keyCacheTtl how long a data key stays cached; an erasure made elsewhere (the CLI, another
 *                    instance) takes effect here within this time
 */
@Validated
@ConfigurationProperties("agis.privacy")
public record AgisPrivacySettings(@DefaultValue("") String masterKey,
                                  @DefaultValue("") String newMasterKey,
                                  @NotNull @Pattern(regexp = "[A-Za-z0-9._\\-]{1,32}") String policyVersion,
                                  @DefaultValue("PT1M") @NotNull Duration keyCacheTtl) {

    @Override
    public String toString() {
        // never the key itself, wherever settings get logged
        return "AgisPrivacySettings[masterKey=" + (masterKey.isBlank() ? "(unset)" : "(set)")
                + ", newMasterKey=" + (newMasterKey.isBlank() ? "(unset)" : "(set)") + ", policyVersion=" + policyVersion
                + ", keyCacheTtl=" + keyCacheTtl + "]";
    }
}
