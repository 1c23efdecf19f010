package dev.agis.domain.privacy;

import dev.agis.domain.common.PlayerId;

/** Queries of the privacy context (SPEC §2.8). */
public final class PrivacyQueries {

    private PrivacyQueries() {
    }

    /**
     * Everything AGIS holds about the player, as one JSON document (docs/privacy.md, "Export"):
     * the same document for the CLI, the API and Discord, built in one place.
     */
    public record ExportPersonalData(PlayerId playerId) {
    }

    /** The export as pretty-printed JSON text, so every edge hands the player the same bytes. */
    public record PersonalDataExport(PlayerId playerId, String json) {
    }
}
