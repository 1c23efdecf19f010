package dev.agis.discord.commands;

import dev.agis.domain.common.Credits;

import java.time.Instant;
import java.util.Locale;

/** How amounts and times read in replies. */
final class Format {

    private Format() {
    }

    static String credits(Credits amount) {
        return String.format(Locale.ROOT, "%,d GC", amount.value());
    }

    static String credits(long amount) {
        return credits(Credits.of(amount));
    }

    /** Discord shows {@code <t:…:R>} in the reader's own time zone ("in 42 minutes"). */
    static String time(Instant instant) {
        return instant == null ? "—" : "<t:" + instant.getEpochSecond() + ":f> (<t:" + instant.getEpochSecond() + ":R>)";
    }
}
