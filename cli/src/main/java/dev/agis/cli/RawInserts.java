package dev.agis.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical reference of every bench: single-row INSERT transactions per second that the same
 * database sustains from C connections, measured in the same run, so a figure from a noisy shared
 * machine can be read as a share of what the hardware gave at that moment.
 */
final class RawInserts {

    /** Where connections come from: the application's pool or a JDBC URL. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private RawInserts() {
    }

    static double perSecond(Connections connections, int threads, int seconds) throws Exception {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_insert_probe (id BIGSERIAL PRIMARY KEY, payload BYTEA NOT NULL)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> workers = new ArrayList<>();
        byte[] payload = new byte[300];
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (Connection c = connections.open();
                     PreparedStatement insert = c.prepareStatement("INSERT INTO bench_insert_probe (payload) VALUES (?)")) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        insert.setBytes(1, payload);
                        insert.executeUpdate();
                        done.increment();
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double rate = done.sum() / ((System.nanoTime() - start) / 1e9);
        pool.shutdown();
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_insert_probe");
        }
        return rate;
    }
}
