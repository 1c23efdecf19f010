package dev.agis.cli;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Optional;

/**
 * {@code VACUUM} for the CLI's bulk writers and readers, which touch rows faster than autovacuum comes
 * by. Only speed depends on it, so it reports what went wrong instead of failing the command.
 */
final class Vacuum {

    private Vacuum() {
    }

    /**
     * Runs {@code VACUUM <what>} on its own connection in auto-commit (VACUUM cannot run inside a
     * transaction). Returns why it did not (fully) happen, if so: PostgreSQL skips a table the user may
     * not vacuum, or one that is locked with {@code SKIP_LOCKED}, with a warning rather than an error.
     */
    static Optional<String> run(DataSource dataSource, String what) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("VACUUM " + what);
            SQLWarning warning = st.getWarnings();
            return warning == null ? Optional.empty() : Optional.of(warning.getMessage());
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
    }
}
