package dev.agis.cli;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A logical backup of AGIS's database through JDBC: every table of the application's schema
 * (event store, snapshots, tokens, idempotency keys, timers, read models) copied with PostgreSQL's
 * binary {@code COPY} inside one repeatable-read transaction, so all tables show the same instant
 * even while AGIS writes. One zip file: a manifest (schema version, tables, row counts) and one
 * entry per table. It needs no {@code pg_dump} of the server's major version (the embedded server
 * is newer than most distributions' clients) and restores into any PostgreSQL that AGIS's
 * migrations can create the same schema version in.
 */
final class DatabaseBackup {

    static final String MANIFEST = "manifest.properties";
    private static final String FORMAT = "agis-backup-1";

    private DatabaseBackup() {
    }

    /** What a backup holds, from its manifest. */
    record Manifest(String schemaVersion, Instant takenAt, List<String> tables, Properties rows) {
        long rowsOf(String table) {
            return Long.parseLong(rows.getProperty("rows." + table));
        }

        long totalRows() {
            return tables.stream().mapToLong(this::rowsOf).sum();
        }
    }

    /** The restore target already holds events or tokens: refusing to overwrite a live store. */
    static final class TargetNotEmpty extends Exception {
        TargetNotEmpty(String message) {
            super(message);
        }
    }

    static Manifest write(DataSource dataSource, Path file, PrintWriter log) throws SQLException, IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Properties manifest = new Properties();
        List<String> tables;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String version = schemaVersion(c);
            tables = tables(c);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (String table : tables) {
                    zip.putNextEntry(new ZipEntry(table + ".copy"));
                    long rows = copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", new FilterOutputStream(zip) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len); // the zip entry (FilterOutputStream's target), in blocks, not byte by byte
                        }

                        @Override
                        public void close() {
                            // the zip stays open for the next table
                        }
                    });
                    zip.closeEntry();
                    manifest.setProperty("rows." + table, Long.toString(rows));
                    log.printf("  %-32s %,12d rows%n", table, rows);
                    log.flush();
                }
                manifest.setProperty("format", FORMAT);
                manifest.setProperty("schema-version", version);
                manifest.setProperty("taken-at", Instant.now().toString());
                manifest.setProperty("tables", String.join(",", tables));
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(zip, "AGIS database backup");
                zip.closeEntry();
            }
            c.commit();
        }
        // a crash leaves a .partial file, never a backup that looks complete
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest(manifest);
    }

    static Manifest manifest(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new IOException(file + " is not an AGIS backup (no " + MANIFEST + ")");
            }
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(in);
            }
            if (!FORMAT.equals(p.getProperty("format"))) {
                throw new IOException(file + " has an unknown backup format: " + p.getProperty("format"));
            }
            return manifest(p);
        }
    }

    private static Manifest manifest(Properties p) {
        return new Manifest(p.getProperty("schema-version"), Instant.parse(p.getProperty("taken-at")),
                List.of(p.getProperty("tables").split(",")), p);
    }

    /**
     * Loads a backup into a database whose schema AGIS's migrations just brought to the backup's
     * version: empties the tables (migrations seed a few, e.g. the server catalog), copies every
     * table in, checks the row counts and moves each sequence past the highest value restored. One
     * transaction: a failed restore leaves nothing behind.
     */
    static void restore(DataSource dataSource, Path file, PrintWriter out) throws SQLException, IOException, TargetNotEmpty {
        Manifest manifest = manifest(file);
        try (Connection c = dataSource.getConnection(); ZipFile zip = new ZipFile(file.toFile())) {
            c.setAutoCommit(false);
            String version = schemaVersion(c);
            if (!manifest.schemaVersion().equals(version)) {
                throw new IllegalStateException("the target database has schema version " + version + ", the backup "
                        + manifest.schemaVersion() + ": restore into an empty database");
            }
            List<String> present = tables(c);
            for (String table : manifest.tables()) {
                if (!present.contains(table)) {
                    throw new IllegalStateException("table " + table + " of the backup does not exist in the target database");
                }
            }
            for (String live : List.of("domain_event_entry", "token_entry")) {
                if (present.contains(live) && count(c, live) > 0) {
                    throw new TargetNotEmpty("the target database already holds " + live + " rows: restore only into an empty database");
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", manifest.tables()));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (String table : manifest.tables()) {
                try (InputStream in = zip.getInputStream(zip.getEntry(table + ".copy"))) {
                    long rows = copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", in);
                    if (rows != manifest.rowsOf(table)) {
                        throw new IllegalStateException(table + ": restored " + rows + " rows, the backup lists " + manifest.rowsOf(table));
                    }
                    out.printf("  %-32s %,12d rows%n", table, rows);
                    out.flush();
                }
            }
            resetSequences(c);
            c.commit();
        }
    }

    /** The latest applied migration. */
    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no migrations applied in this database");
            }
            return rs.getString(1);
        }
    }

    /** The application's tables; Flyway's own history belongs to the target's migrations. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history' ORDER BY tablename""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Serial columns (e.g. the event store's global index) continue after the restored rows. */
    private static void resetSequences(Connection c) throws SQLException {
        List<String[]> owned = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT quote_ident(n.nspname) || '.' || quote_ident(seq.relname), quote_ident(tab.relname), quote_ident(col.attname)
                FROM pg_class seq
                JOIN pg_namespace n ON n.oid = seq.relnamespace
                JOIN pg_depend d ON d.objid = seq.oid AND d.deptype IN ('a', 'i')
                JOIN pg_class tab ON tab.oid = d.refobjid
                JOIN pg_attribute col ON col.attrelid = tab.oid AND col.attnum = d.refobjsubid
                WHERE seq.relkind = 'S' AND n.nspname = current_schema()""")) {
            while (rs.next()) {
                owned.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] o : owned) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval('" + o[0] + "', coalesce((SELECT max(" + o[2] + ") FROM " + o[1] + "), 0) + 1, false)");
            }
        }
    }
}
