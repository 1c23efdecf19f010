package dev.agis.cli;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM spent over a measured window, per unit of work, and the machine's load
 * average: a throughput figure alone says little on a shared machine, CPU per command does.
 */
final class CpuUsage {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long cpuAtStart;
    private final long wallAtStart;

    private CpuUsage() {
        this.cpuAtStart = os.getProcessCpuTime();
        this.wallAtStart = System.nanoTime();
    }

    static CpuUsage start() {
        return new CpuUsage();
    }

    /** One line: JVM CPU per unit from the start until now, the cores it used, the load average. */
    String report(long units) {
        double cpuMs = (os.getProcessCpuTime() - cpuAtStart) / 1e6;
        double wallMs = (System.nanoTime() - wallAtStart) / 1e6;
        return String.format("JVM CPU: %.2f ms per command (%.2f of %d cores over %.1fs, including the catch-up); load average %.1f",
                units == 0 ? 0 : cpuMs / units, cpuMs / wallMs, Runtime.getRuntime().availableProcessors(), wallMs / 1000,
                os.getSystemLoadAverage());
    }
}
