package dev.agis.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agis.domain.privacy.PrivacyQueries.ExportPersonalData;
import dev.agis.domain.privacy.PrivacyQueries.PersonalDataExport;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything AGIS holds about one player, as one JSON document (SPEC §2.8 export): the events that
 * name them, read through the event store (upcast, personal fields decrypted, or "[erased]"), their
 * consent history and erasures, and every read-model row that names them. The one place the export
 * is built: the CLI, the API and Discord all ask {@link ExportPersonalData}.
 *
 * <p>Read models are found, not listed: every table of the schema except the event store and
 * the machinery below, and every row with a text column naming the player as a whole token
 * ({@code 123}, {@code user:123}, {@code account:user:123}, {@code subscription:123/1.1}). A new
 * read model is exported without a change here.
 */
@Component
public class PlayerExport {

    /** Tables that are not data about players: events (exported above), Axon's and db-scheduler's machinery, keys. */
    static final Set<String> NOT_READ_MODELS = Set.of("domain_event_entry", "snapshot_event_entry", "token_entry",
            "scheduled_tasks", "flyway_schema_history", "player_data_key", "master_key_check");

    /**
     * Payloads are written with a plain mapper, not the store's serializer: that one would encrypt
     * the personal fields again, and an export shows them as read (their value, or "[erased]").
     */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final EventStore events;
    private final DataSource dataSource;
    private final Clock clock = Clock.systemUTC();

    public PlayerExport(EventStore events, DataSource dataSource) {
        this.events = events;
        this.dataSource = dataSource;
    }

    @QueryHandler
    public PersonalDataExport handle(ExportPersonalData query) throws SQLException, JsonProcessingException {
        return new PersonalDataExport(query.playerId(), JSON.writeValueAsString(of(query.playerId().value())));
    }

    private ObjectNode of(String playerId) throws SQLException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("player", playerId);
        doc.put("exportedAt", clock.instant().toString());
        boolean keyHeld = hasDataKey(playerId);
        doc.put("personalData", keyHeld ? "held (encrypted with the player's key)" : "no data key: erased, or none recorded");
        ArrayNode consent = doc.putArray("consentHistory");
        ArrayNode erasures = doc.putArray("erasures");
        ArrayNode all = doc.putArray("events");
        for (DomainEventMessage<?> e : eventsNaming(playerId)) {
            Object payload = e.getPayload();
            String type;
            JsonNode body;
            if (payload instanceof UnknownSerializedType unknown) {
                // a type this build no longer knows: shown as stored (its personal fields were never readable here)
                type = simpleName(unknown.serializedType().getName());
                body = JSON.createObjectNode().put("unreadable", "event type not known to this version");
            } else {
                type = simpleName(e.getPayloadType().getName());
                body = JSON.valueToTree(payload);
            }
            if (!e.getAggregateIdentifier().matches(".*" + token(playerId) + ".*") && !names(body, playerId)) {
                continue; // the id only appeared inside an encrypted or numeric value
            }
            ObjectNode n = all.addObject();
            n.put("aggregateId", e.getAggregateIdentifier());
            n.put("sequence", e.getSequenceNumber());
            n.put("time", e.getTimestamp().toString());
            n.put("type", type);
            n.set("payload", body);
            switch (type) {
                case "ConsentGranted", "ConsentWithdrawn" -> consent.addObject()
                        .put("time", body.path("occurredAt").asText())
                        .put("change", type.equals("ConsentGranted") ? "granted" : "withdrawn")
                        .put("purpose", body.path("purpose").asText())
                        .put("policyVersion", body.path("policyVersion").asText())
                        .put("channel", body.path("channel").asText())
                        .put("actor", body.path("actor").asText());
                case "PersonalDataErased" -> erasures.addObject()
                        .put("time", body.path("occurredAt").asText())
                        .put("request", body.path("request").asInt())
                        .put("actor", body.path("actor").asText());
                default -> {
                }
            }
        }
        doc.set("readModels", readModels(playerId));
        return doc;
    }

    private static String token(String playerId) {
        return "(^|[^A-Za-z0-9_-])" + playerId + "([^A-Za-z0-9_-]|$)";
    }

    private static String simpleName(String name) {
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    /**
     * Every event that names the player, in store order: in its aggregate id ({@code account:user:<id>},
     * {@code consent:<id>:ads} …) or anywhere in its stored payload, as a whole token. A full scan
     * finds them (an export is rare, and nothing else finds every context's events); the event
     * store then reads each such aggregate from its first event (never a snapshot), upcast and
     * decrypted as everywhere else.
     */
    private List<DomainEventMessage<?>> eventsNaming(String playerId) throws SQLException {
        Map<String, Long> positions = new HashMap<>();
        Set<String> aggregates = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT aggregate_identifier, sequence_number, global_index FROM domain_event_entry
                     WHERE aggregate_identifier ~ ? OR convert_from(payload, 'UTF8') ~ ?""")) {
            ps.setString(1, token(playerId));
            ps.setString(2, token(playerId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    aggregates.add(rs.getString(1));
                    positions.put(rs.getString(1) + "#" + rs.getLong(2), rs.getLong(3));
                }
            }
        }
        List<Positioned> found = new ArrayList<>();
        for (String aggregate : aggregates) {
            events.readEvents(aggregate, 0).asStream().forEach(e -> {
                Long position = positions.get(aggregate + "#" + e.getSequenceNumber());
                if (position != null) {
                    found.add(new Positioned(position, e));
                }
            });
        }
        return found.stream().sorted(Comparator.comparingLong(Positioned::globalIndex)).<DomainEventMessage<?>>map(Positioned::event)
                .toList();
    }

    private record Positioned(long globalIndex, DomainEventMessage<?> event) {
    }

    /** Whether a text value of the payload is the player's id or ends in it ({@code user:123}, {@code account:user:123}). */
    private static boolean names(JsonNode node, String playerId) {
        if (node.isTextual()) {
            String v = node.asText();
            return v.equals(playerId) || v.endsWith(":" + playerId) || v.contains(":" + playerId + "/");
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (names(it.next(), playerId)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasDataKey(String playerId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM player_data_key WHERE player_id = ?")) {
            ps.setString(1, playerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private ObjectNode readModels(String playerId) throws SQLException {
        ObjectNode tables = JSON.createObjectNode();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : textColumns(c).entrySet()) {
                if (NOT_READ_MODELS.contains(table.getKey())) {
                    continue;
                }
                String where = String.join(" OR ", table.getValue().stream().map(col -> "\"" + col + "\"::text ~ ?").toList());
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM \"" + table.getKey() + "\" WHERE " + where)) {
                    for (int i = 1; i <= table.getValue().size(); i++) {
                        ps.setString(i, token(playerId));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        ArrayNode rows = null;
                        while (rs.next()) {
                            if (rows == null) {
                                rows = tables.putArray(table.getKey());
                            }
                            rows.add(row(rs));
                        }
                    }
                }
            }
        }
        return tables;
    }

    /** Base tables of the current schema → their text columns, in name order. */
    private static Map<String, List<String>> textColumns(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('character varying', 'text', 'character')
                ORDER BY c.table_name, c.ordinal_position""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return columns;
    }

    private static ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode row = JSON.createObjectNode();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            String name = meta.getColumnName(i);
            if (v == null) {
                row.putNull(name);
            } else if (v instanceof Timestamp t) {
                row.put(name, t.toInstant().toString());
            } else if (v instanceof byte[] b) {
                row.put(name, Base64.getEncoder().encodeToString(b));
            } else if (v instanceof Number || v instanceof Boolean) {
                row.set(name, JSON.valueToTree(v));
            } else {
                row.put(name, v.toString());
            }
        }
        return row;
    }
}
