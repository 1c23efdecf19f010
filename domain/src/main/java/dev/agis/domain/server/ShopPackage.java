package dev.agis.domain.server;

import java.math.BigDecimal;

/** A GameCredits package sold for real money; read-only catalog data (SPEC §2.3). */
public record ShopPackage(String id, BigDecimal priceUsd, int coins, int bonusCoins, long credits) {
}
