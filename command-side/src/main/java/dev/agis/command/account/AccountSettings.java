package dev.agis.command.account;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agis.accounts.*}: loading accounts fast.
 *
 * @param snapshotEvery snapshot an account every this many events, so a long history still loads in one read
 * @param cacheSize     accounts kept in memory at most (least recently used out)
 */
@Validated
@ConfigurationProperties("agis.accounts")
public record AccountSettings(@DefaultValue("250") @Min(1) int snapshotEvery,
                             @DefaultValue("100000") @Min(1) long cacheSize) {
}
