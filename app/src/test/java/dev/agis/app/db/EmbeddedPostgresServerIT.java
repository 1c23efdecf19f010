package dev.agis.app.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded default: data survives restarts; a second process attaches instead of starting a second server. */
class EmbeddedPostgresServerIT {

    @TempDir
    Path tmp;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static EmbeddedDatabaseProperties props(Path dir, int port) {
        return new EmbeddedDatabaseProperties(dir, port, Duration.ofSeconds(60), "agis", true);
    }

    static Connection connect(EmbeddedPostgresServer server) throws Exception {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
    }

    @Test
    void dataSurvivesAStopAndAStart() throws Exception {
        Path dir = tmp.resolve("pg");
        int port = freePort();
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.startOrAttach(props(dir, port));
             Connection c = connect(first); Statement s = c.createStatement()) {
            assertThat(first.startedHere()).isTrue();
            try (ResultSet durability = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
                durability.next();
                assertThat(durability.getString(1)).as("fsync").isEqualTo("on");
                assertThat(durability.getString(2)).as("synchronous_commit").isEqualTo("on");
            }
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.startOrAttach(props(dir, port));
             Connection c = connect(second); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(second.startedHere()).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryConnectsToTheRunningServer() throws Exception {
        Path dir = tmp.resolve("shared");
        int port = freePort();
        // "the other process": a server already running on this data directory and port
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().setDataDirectory(dir.toFile()).setCleanDataDirectory(false)
                .setPort(port).start()) {
            try (EmbeddedPostgresServer attached = EmbeddedPostgresServer.startOrAttach(props(dir, port));
                 Connection c = connect(attached); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(attached.startedHere()).isFalse();
                assertThat(rs.next()).isTrue();
            }
            // closing the attached side left the other process's server running
            try (Connection c = DriverManager.getConnection(other.getJdbcUrl("postgres", "postgres")); Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1")).isTrue();
            }
        }
    }

    @Test
    void aPortTakenByAnotherDataDirectoryIsAClearError() throws Exception {
        int port = freePort();
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("a").toFile()).setCleanDataDirectory(false)
                .setPort(port).start()) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(props(tmp.resolve("b"), port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + port)
                    .hasMessageContaining("agis.db.embedded.port");
        }
    }
}
