package dev.agis.app.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL on loopback whose data directory survives restarts.
 *
 * <p>Exactly one server runs per data directory: if one already listens on the configured port
 * for this data directory (AGIS running, and now the CLI starts), this process connects to it and
 * leaves it running when it exits. Only the process that started the server stops it. In one JVM
 * (tests) a server is shared by every Spring context and stopped when the last one closes.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final Map<Path, EmbeddedPostgresServer> IN_THIS_JVM = new HashMap<>();

    private final Path dataDir;
    private final int port;
    private final String database;
    private final EmbeddedPostgres started; // null when attached to a server another process runs
    private int users;

    private EmbeddedPostgresServer(Path dataDir, int port, String database, EmbeddedPostgres started) {
        this.dataDir = dataDir;
        this.port = port;
        this.database = database;
        this.started = started;
    }

    /** Starts the server for this data directory, or attaches to the one already running. */
    public static synchronized EmbeddedPostgresServer startOrAttach(EmbeddedDatabaseProperties props) {
        Path dataDir = props.dataDir().toAbsolutePath().normalize();
        EmbeddedPostgresServer server = IN_THIS_JVM.get(dataDir);
        if (server == null) {
            server = open(dataDir, props);
            server.ensureDatabase();
            IN_THIS_JVM.put(dataDir, server);
        }
        server.users++;
        return server;
    }

    private static EmbeddedPostgresServer open(Path dataDir, EmbeddedDatabaseProperties props) {
        int port = props.port() == 0 ? freePort() : props.port();
        if (props.port() != 0) {
            EmbeddedPostgresServer running = attachIfRunning(dataDir, port, props.database());
            if (running != null) {
                return running;
            }
        }
        try {
            Files.createDirectories(dataDir.getParent());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(props.startupTimeout())
                    // the library defaults to fsync and synchronous_commit off (fine for throwaway test
                    // databases, not for money): a committed movement must survive a crash
                    .setServerConfig("fsync", props.durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", props.durable() ? "on" : "off")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .start();
            log.info("Database: embedded PostgreSQL started on 127.0.0.1:{}, data directory {}", port, dataDir);
            return new EmbeddedPostgresServer(dataDir, port, props.database(), pg);
        } catch (IOException | IllegalStateException e) {
            // Lost a start-up race with another process on the same data directory: use its server.
            EmbeddedPostgresServer running = attachIfRunning(dataDir, port, props.database());
            if (running != null) {
                return running;
            }
            throw new IllegalStateException("Could not start the embedded PostgreSQL on 127.0.0.1:" + port + " with data directory "
                    + dataDir + ": " + e.getMessage() + ". Is another PostgreSQL using this data directory or port? "
                    + "Set agis.db.embedded.port / agis.db.embedded.data-dir, or DB_HOST for an external database.", e);
        }
    }

    /** A server on this port for this data directory, or null when nothing listens there. */
    private static EmbeddedPostgresServer attachIfRunning(Path dataDir, int port, String database) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        credentials.setProperty("connectTimeout", "2");
        try (Connection c = DriverManager.getConnection(url, credentials);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            Path theirs = Path.of(rs.getString(1)).toAbsolutePath().normalize();
            if (!sameDirectory(theirs, dataDir)) {
                throw new IllegalStateException("Port " + port + " is used by a PostgreSQL with data directory " + theirs
                        + ", not " + dataDir + ". Set agis.db.embedded.port to a free port.");
            }
            log.info("Database: embedded PostgreSQL already running on 127.0.0.1:{} (data directory {}); connecting to it", port, dataDir);
            return new EmbeddedPostgresServer(dataDir, port, database, null);
        } catch (SQLException e) {
            return null; // nothing (usable) listens there
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.equals(b);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            log.info("Created database '{}' in the embedded PostgreSQL", database);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently, fine
                throw new IllegalStateException("Could not create database " + database + ": " + e.getMessage(), e);
            }
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    private String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    public String username() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean startedHere() {
        return started != null;
    }

    @Override
    public void close() {
        synchronized (EmbeddedPostgresServer.class) {
            if (--users > 0) {
                return;
            }
            IN_THIS_JVM.remove(dataDir);
        }
        if (started != null) {
            try {
                started.close();
                log.info("Embedded PostgreSQL on port {} stopped", port);
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL on port {} did not stop cleanly: {}", port, e.getMessage());
            }
        }
    }
}
