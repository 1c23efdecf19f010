package dev.agis.domain.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies an account: {@code account:user:<discordId>} for a player's wallet,
 * {@code account:guild:<guildId>} for a guild treasury. The string is the aggregate identifier,
 * unique across all aggregate types.
 */
public record AccountId(String value) {

    /** Guild ids are Discord ids like user ids, so they follow the player id rule too. */
    private static final Pattern FORMAT = Pattern.compile("account:(user|guild):(" + PlayerId.REGEX + ")");

    public AccountId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new DomainException(CommonError.INVALID_ARGUMENT,
                    "account id must look like account:user:<id> or account:guild:<id>, was '" + value + "'");
        }
    }

    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    public static AccountId user(String discordUserId) {
        return new AccountId("account:user:" + discordUserId);
    }

    /** The player's wallet. */
    public static AccountId user(PlayerId player) {
        return user(player.value());
    }

    public static AccountId guild(String guildId) {
        return new AccountId("account:guild:" + guildId);
    }

    public AccountKind kind() {
        return value.startsWith("account:user:") ? AccountKind.USER : AccountKind.GUILD;
    }

    /** The Discord user or guild id this account belongs to. */
    public String ownerId() {
        Matcher m = FORMAT.matcher(value);
        m.matches();
        return m.group(2);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses toString() of a target identifier as the aggregate id. */
    @Override
    public String toString() {
        return value;
    }
}
