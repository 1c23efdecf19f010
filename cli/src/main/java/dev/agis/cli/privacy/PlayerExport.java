package dev.agis.cli.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agis.cli.audit.StoredEvent;
import dev.agis.cli.audit.StoredEvents;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything AGIS holds about one player, as one JSON document (SPEC §2.8 export): the events that
 * name them, read through the serializer (personal fields decrypted, or "[erased]"), their consent
 * history, and every read-model row that names them.
 *
 * <p>Read models are found, not listed: every table of the schema except the event store and
 * the machinery below, and every row with a text column naming the player as a whole token
 * ({@code 123}, {@code user:123}, {@code account:user:123}, {@code subscription:123/1.1}). A new
 * read model is exported without a change here.
 */
public final class PlayerExport {

    /** Tables that are not data about players: events (exported above), Axon's and db-scheduler's machinery, keys. */
    static final Set<String> NOT_READ_MODELS = Set.of("domain_event_entry", "snapshot_event_entry", "token_entry",
            "scheduled_tasks", "flyway_schema_history", "player_data_key", "master_key_check");

    private final StoredEvents events;
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PlayerExport(StoredEvents events, DataSource dataSource, ObjectMapper json) {
        this.events = events;
        this.dataSource = dataSource;
        this.json = json;
    }

    public ObjectNode of(String playerId, Instant now) throws Exception {
        ObjectNode doc = json.createObjectNode();
        doc.put("player", playerId);
        doc.put("exportedAt", now.toString());
        boolean keyHeld = hasDataKey(playerId);
        doc.put("personalData", keyHeld ? "held (encrypted with the player's key)" : "no data key: erased, or none recorded");
        ArrayNode consent = doc.putArray("consentHistory");
        ArrayNode erasures = doc.putArray("erasures");
        ArrayNode all = doc.putArray("events");
        List<Exception> unreadable = new ArrayList<>();
        events.forPlayer(playerId, e -> {
            try {
                JsonNode payload = json.readTree(e.payloadJson());
                if (!e.aggregateId().matches(".*(^|[^A-Za-z0-9_-])" + playerId + "([^A-Za-z0-9_-]|$).*") && !names(payload, playerId)) {
                    return; // the id only appeared inside an encrypted or numeric value
                }
                ObjectNode n = all.addObject();
                n.put("aggregateId", e.aggregateId());
                n.put("sequence", e.sequence());
                n.put("time", e.timestamp().toString());
                n.put("type", e.type());
                n.set("payload", payload);
                switch (e.type()) {
                    case "ConsentGranted", "ConsentWithdrawn" -> consent.addObject()
                            .put("time", payload.path("occurredAt").asText())
                            .put("change", e.type().equals("ConsentGranted") ? "granted" : "withdrawn")
                            .put("purpose", payload.path("purpose").asText())
                            .put("policyVersion", payload.path("policyVersion").asText())
                            .put("channel", payload.path("channel").asText())
                            .put("actor", payload.path("actor").asText());
                    case "PersonalDataErased" -> erasures.addObject()
                            .put("time", payload.path("occurredAt").asText())
                            .put("request", payload.path("request").asInt())
                            .put("actor", payload.path("actor").asText());
                    default -> {
                    }
                }
            } catch (Exception ex) {
                unreadable.add(ex);
            }
        });
        if (!unreadable.isEmpty()) {
            throw unreadable.get(0);
        }
        doc.set("readModels", readModels(playerId));
        return doc;
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
        ObjectNode tables = json.createObjectNode();
        String token = "(^|[^A-Za-z0-9_-])" + playerId + "([^A-Za-z0-9_-]|$)";
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : textColumns(c).entrySet()) {
                if (NOT_READ_MODELS.contains(table.getKey())) {
                    continue;
                }
                String where = String.join(" OR ", table.getValue().stream().map(col -> "\"" + col + "\"::text ~ ?").toList());
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM \"" + table.getKey() + "\" WHERE " + where)) {
                    for (int i = 1; i <= table.getValue().size(); i++) {
                        ps.setString(i, token);
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

    private ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode row = json.createObjectNode();
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
                row.set(name, json.valueToTree(v));
            } else {
                row.put(name, v.toString());
            }
        }
        return row;
    }
}
