package dev.agis.discord.ownership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gateway ownership by a PostgreSQL session advisory lock (the default: needs nothing but the
 * database every instance already shares). Exactly one instance holds the Discord gateway
 * session: the one holding the lock. Every instance tries to take the lock every {@code checkEvery}; the owner checks
 * that its connection (and so its lock) is still alive. When the owner dies, PostgreSQL ends its
 * session and frees the lock, and the next try of another instance takes over. Discord would
 * otherwise deliver each interaction to one of several sessions and register commands from each.
 */
public class AdvisoryLockOwnership implements GatewayOwnership {

    /** The lock's id; any constant works, it only has to be the same on every instance. */
    static final long LOCK_KEY = 0x4147_4953_4443_4744L; // "AGISDCGD"

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockOwnership.class);

    private final DataSource dataSource;
    private final Duration checkEvery;
    private final Runnable onAcquired;
    private final Runnable onLost;
    private final ScheduledExecutorService loop;
    private Connection lockConnection;

    public AdvisoryLockOwnership(DataSource dataSource, Duration checkEvery, Runnable onAcquired, Runnable onLost) {
        this.dataSource = dataSource;
        this.checkEvery = checkEvery;
        this.onAcquired = onAcquired;
        this.onLost = onLost;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "discord-gateway-ownership");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start() {
        loop.scheduleWithFixedDelay(this::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gives the session and the lock up (shutdown): another instance takes over at its next try. */
    @Override
    public void stop() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (lockConnection != null) {
                lose("shutting down");
            }
        }
    }

    @Override
    public synchronized boolean owner() {
        return lockConnection != null;
    }

    synchronized void check() {
        try {
            if (lockConnection == null) {
                tryAcquire();
            } else if (!lockConnection.isValid(5)) {
                lose("the database connection holding the lock is gone");
            }
        } catch (RuntimeException | SQLException e) {
            log.warn("Discord gateway ownership check failed: {}", e.toString());
            if (lockConnection != null) {
                lose("the ownership check failed");
            }
        }
    }

    private void tryAcquire() throws SQLException {
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                st.setLong(1, LOCK_KEY);
                try (ResultSet rs = st.executeQuery()) {
                    locked = rs.next() && rs.getBoolean(1);
                }
            }
        } finally {
            if (!locked) {
                connection.close();
            }
        }
        if (locked) {
            lockConnection = connection;
            log.info("This instance owns the Discord gateway session");
            onAcquired.run();
        }
    }

    private void lose(String why) {
        log.info("Giving up the Discord gateway session: {}", why);
        try {
            onLost.run();
        } finally {
            Connection connection = lockConnection;
            lockConnection = null;
            try (connection) {
                if (!connection.isClosed()) {
                    try (PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        st.setLong(1, LOCK_KEY);
                        st.execute();
                    }
                }
            } catch (SQLException e) {
                // the lock ends with the session anyway
                log.debug("Unlocking the gateway lock failed: {}", e.toString());
            }
        }
    }
}
