package dev.agis.domain.consent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.DomainException;

import java.util.Arrays;
import java.util.Locale;

/** What a player consents to (SPEC §2.8); stored by its lower-case name. */
public enum ConsentPurpose {
    ADS, ANALYTICS, NOTIFICATIONS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConsentPurpose of(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new DomainException(ConsentError.UNKNOWN_PURPOSE,
                        "purpose must be one of " + Arrays.stream(values()).map(ConsentPurpose::wireName).toList()));
    }
}
