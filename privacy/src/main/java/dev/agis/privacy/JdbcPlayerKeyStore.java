package dev.agis.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.crypto.SecretKey;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The players' data keys in {@code player_data_key}, wrapped with the master key, with a small
 * in-memory cache.
 *
 * <p>A key is created on its own connection and committed at once, not in the transaction of the
 * event that needs it: a rolled-back event then leaves an unused key behind, never an event whose
 * key vanished with the rollback. Deleting a key (erasure) runs in the caller's transaction, next
 * to the event that records it.
 *
 * <p>Cached keys are kept for {@code cacheTtl}: another instance (or the CLI) that erased a player
 * is seen by this one within that time. A key id found missing is remembered for good: key ids are
 * random and never reused, so a deleted key never comes back.
 */
public final class JdbcPlayerKeyStore implements PlayerKeys {

    private record Cached<T>(T value, Instant loadedAt) {
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final MasterKey masterKey;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached<DataKey>> byPlayer = new ConcurrentHashMap<>();
    private final Map<String, Cached<SecretKey>> byId = new ConcurrentHashMap<>();
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private final Set<String> erasedPlayers = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> notErasedAt = new ConcurrentHashMap<>();
    private volatile boolean checkRecorded;

    public JdbcPlayerKeyStore(DataSource dataSource, MasterKey masterKey, Duration cacheTtl, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.masterKey = masterKey;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /**
     * Refuses to start with a master key other than the one the stored keys were wrapped with: that
     * key would unwrap nothing, and every personal field would fail to read later.
     */
    public void verifyMasterKey() {
        Optional<byte[]> stored = jdbc.sql("SELECT check_value FROM master_key_check WHERE id = 1").query(byte[].class).optional();
        if (stored.isPresent() && !masterKey.matches(stored.get())) {
            throw new IllegalStateException("agis.privacy.master-key (AGIS_MASTER_KEY) is not the master key this database's "
                    + "player data keys were wrapped with. Start with the original master key; with another one no personal "
                    + "data could be read (see docs/privacy.md, \"The master key\").");
        }
        checkRecorded = stored.isPresent();
    }

    @Override
    public DataKey keyForPlayer(String playerId) {
        Cached<DataKey> cached = byPlayer.get(playerId);
        if (cached != null && fresh(cached)) {
            return cached.value();
        }
        DataKey key = loadOrCreate(playerId);
        byPlayer.put(playerId, new Cached<>(key, clock.instant()));
        byId.put(key.keyId(), new Cached<>(key.key(), clock.instant()));
        return key;
    }

    @Override
    public Optional<SecretKey> keyById(String keyId) {
        if (missing.contains(keyId)) {
            return Optional.empty();
        }
        Cached<SecretKey> cached = byId.get(keyId);
        if (cached != null && fresh(cached)) {
            return Optional.of(cached.value());
        }
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            throw new Aead.TamperedException("encrypted value names no valid key id");
        }
        Optional<SecretKey> key = onOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT wrapped_key FROM player_data_key WHERE key_id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(masterKey.unwrap(rs.getBytes(1))) : Optional.<SecretKey>empty();
                }
            }
        });
        if (key.isPresent()) {
            byId.put(keyId, new Cached<>(key.get(), clock.instant()));
        } else {
            missing.add(keyId);
            byId.remove(keyId);
        }
        return key;
    }

    /**
     * Only asked for values stored in clear (before encryption), so rarely; an erasure is for
     * good, a "not erased" answer is kept for the cache time like a key.
     */
    @Override
    public boolean erased(String playerId) {
        if (erasedPlayers.contains(playerId)) {
            return true;
        }
        Instant checked = notErasedAt.get(playerId);
        if (checked != null && checked.plus(cacheTtl).isAfter(clock.instant())) {
            return false;
        }
        boolean erased = onOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM erased_player WHERE player_id = ?")) {
                ps.setString(1, playerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (erased) {
            erasedPlayers.add(playerId);
            notErasedAt.remove(playerId);
        } else {
            notErasedAt.put(playerId, clock.instant());
        }
        return erased;
    }

    /**
     * Deletes the player's data key in the caller's transaction and notes the player as erased:
     * from then on their personal fields read as erased. Returns whether there was a key.
     */
    boolean erase(String playerId) {
        jdbc.sql("INSERT INTO erased_player (player_id, erased_at) VALUES (:p, now()) ON CONFLICT (player_id) DO NOTHING")
                .param("p", playerId).update();
        erasedPlayers.add(playerId);
        notErasedAt.remove(playerId);
        Optional<String> keyId = jdbc.sql("DELETE FROM player_data_key WHERE player_id = :p RETURNING key_id::text")
                .param("p", playerId).query(String.class).optional();
        byPlayer.remove(playerId);
        keyId.ifPresent(id -> {
            byId.remove(id);
            missing.add(id);
        });
        return keyId.isPresent();
    }

    private boolean fresh(Cached<?> cached) {
        return cached.loadedAt().plus(cacheTtl).isAfter(clock.instant());
    }

    private DataKey loadOrCreate(String playerId) {
        return onOwnConnection(c -> {
            if (!checkRecorded) {
                recordCheckValue(c);
            }
            SecretKey fresh = MasterKey.newAesKey();
            // Only while the stored check value is still this master key's: an instance left running
            // across a rotation must not add a key the new master key cannot unwrap.
            int inserted;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO player_data_key (key_id, player_id, wrapped_key, created_at)
                    SELECT ?, ?, ?, now() WHERE EXISTS (SELECT 1 FROM master_key_check WHERE id = 1 AND check_value = ?)
                    ON CONFLICT (player_id) DO NOTHING""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, playerId);
                insert.setBytes(3, masterKey.wrap(fresh));
                insert.setBytes(4, masterKey.checkValue());
                inserted = insert.executeUpdate();
            }
            if (inserted == 0) {
                requireCurrentMasterKey(c);
            }
            // ours, or the one another thread or instance stored first
            try (PreparedStatement select = c.prepareStatement("SELECT key_id::text, wrapped_key FROM player_data_key WHERE player_id = ?")) {
                select.setString(1, playerId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("data key of player " + playerId + " was deleted while it was created");
                    }
                    return new DataKey(rs.getString(1), masterKey.unwrap(rs.getBytes(2)));
                }
            }
        });
    }

    private void requireCurrentMasterKey(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT check_value FROM master_key_check WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && !masterKey.matches(rs.getBytes(1))) {
                throw new IllegalStateException("the master key was rotated while this instance ran: restart it with the new "
                        + "master key (AGIS_MASTER_KEY); no data key was written (docs/privacy.md, \"Rotating the master key\")");
            }
        }
    }

    /**
     * Re-wraps every data key from this store's master key to {@code next} in one transaction:
     * each key is unwrapped with the current master key (a key that does not unwrap stops the
     * rotation, nothing changes), wrapped with {@code next}, and unwrapped again to check it is the
     * same key before it is written; the check value becomes {@code next}'s. The tables are locked
     * for the duration, so no key is added under the old master key meanwhile. Returns how many
     * keys were re-wrapped. This store's cache stays valid (the data keys themselves do not change),
     * but it must not create keys afterwards: it still holds the old master key.
     */
    public int rotateMasterKey(MasterKey next) {
        if (next.matches(masterKey.checkValue())) {
            throw new IllegalArgumentException("the new master key is the current one; nothing to rotate");
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int rotated = rotate(c, next);
                c.commit();
                return rotated;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("master key rotation failed, nothing changed: " + e.getMessage(), e);
        }
    }

    private int rotate(Connection c, MasterKey next) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("LOCK TABLE master_key_check, player_data_key IN EXCLUSIVE MODE")) {
            lock.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT check_value FROM master_key_check WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && !masterKey.matches(rs.getBytes(1))) {
                throw new IllegalStateException("the configured master key (AGIS_MASTER_KEY) is not this database's; nothing changed");
            }
        }
        int rotated = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT key_id, wrapped_key FROM player_data_key");
             PreparedStatement update = c.prepareStatement("UPDATE player_data_key SET wrapped_key = ? WHERE key_id = ?")) {
            select.setFetchSize(1000); // a cursor: any number of keys, a page in memory at a time
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Object keyId = rs.getObject(1);
                    SecretKey dataKey;
                    try {
                        dataKey = masterKey.unwrap(rs.getBytes(2));
                    } catch (Aead.TamperedException e) {
                        throw new IllegalStateException("data key " + keyId + " does not unwrap with the current master key; "
                                + "nothing changed", e);
                    }
                    byte[] rewrapped = next.wrap(dataKey);
                    if (!Arrays.equals(next.unwrap(rewrapped).getEncoded(), dataKey.getEncoded())) {
                        throw new IllegalStateException("data key " + keyId + " did not survive re-wrapping; nothing changed");
                    }
                    update.setBytes(1, rewrapped);
                    update.setObject(2, keyId);
                    update.addBatch();
                    if (++rotated % 1000 == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        try (PreparedStatement check = c.prepareStatement("""
                INSERT INTO master_key_check (id, check_value, created_at) VALUES (1, ?, now())
                ON CONFLICT (id) DO UPDATE SET check_value = EXCLUDED.check_value""")) {
            check.setBytes(1, next.checkValue());
            check.executeUpdate();
        }
        return rotated;
    }

    /** The first key of a database also stores the master key's check value. */
    private void recordCheckValue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO master_key_check (id, check_value, created_at) VALUES (1, ?, now()) ON CONFLICT (id) DO NOTHING")) {
            ps.setBytes(1, masterKey.checkValue());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT check_value FROM master_key_check WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && !masterKey.matches(rs.getBytes(1))) {
                throw new IllegalStateException("agis.privacy.master-key (AGIS_MASTER_KEY) is not the master key of this database");
            }
        }
        checkRecorded = true;
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A connection of its own in auto-commit, outside any transaction the calling thread is in. */
    private <T> T onOwnConnection(ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("player data keys not reachable: " + e.getMessage(), e);
        }
    }
}
