package dev.agis.discord.notify;

/** The Discord channels AGIS can post notifications to, each through its own optional webhook. */
public enum WebhookChannel {
    PAYMENTS, ADS, INFRA, SECURITY, PERFORMANCE, REVENUE, CRITICAL, COMPLIANCE
}
