package dev.agis.domain.server;

import dev.agis.domain.common.Credits;

/**
 * The price of a template for one payer ({@link ServerTemplate#priceFor}).
 *
 * @param perHour         charged for every started hour, the first one included
 * @param setup           charged once, with the first hour
 * @param discountPercent the guild discount taken off both (0 for a wallet)
 */
public record ServerPrice(Credits perHour, Credits setup, int discountPercent) {

    /** Held when the server is requested: the first hour and the setup. */
    public Credits firstPeriod() {
        return perHour.plus(setup);
    }
}
