package io.packops.testsupport.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the services' benchmarks share: the packaged service started against the embedded database, stopped, medians. */
public final class ServiceJar {

    private ServiceJar() {
    }

    /**
     * The packaged service on {@code port} against {@code jdbc} (its query string dropped), its output to {@code log};
     * every role has a strong filler token (the prod profile refuses to start without one per role, 32+ characters),
     * and the caller puts its own tokens and settings over them before starting it.
     */
    public static ProcessBuilder process(Path jar, String jdbc, int port, File log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx1g"));
        String extra = System.getenv("BENCH_SERVICE_JAVA_OPTS"); // e.g. -XX:StartFlightRecording=filename=x.jfr
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbc.replaceAll("\\?.*", ""));
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        for (String role : List.of("INGEST", "AGENT", "OPERATOR", "ADMIN", "PEER", "AUTOMATION")) {
            pb.environment().put("PACKOPS_TOKEN_" + role, "bench-filler-" + role.toLowerCase(java.util.Locale.ROOT) + "-0123456789abcdef0123456789");
        }
        pb.environment().put("PACKOPS_PEER_TOKEN", "bench-filler-peer-0123456789abcdef0123456789");
        pb.environment().put("PACKOPS_AUTOMATION_TOKEN", "bench-filler-automation-0123456789abcdef0123456789");
        return pb;
    }

    /** Stops the service, forcibly after 20 seconds. */
    public static void stop(Process service) throws InterruptedException {
        service.destroy();
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
            service.destroyForcibly();
        }
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
