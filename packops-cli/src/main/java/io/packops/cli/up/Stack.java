package io.packops.cli.up;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything {@code packops up} started: service processes and the embedded PostgreSQL. {@link #stop} stops
 * them in reverse order (TERM, then KILL after a grace period); it is safe to call twice and from a shutdown hook.
 */
public final class Stack {

    public record Started(String name, Process process, Path log) {
    }

    private final List<Started> processes = new ArrayList<>();
    private final java.util.Set<Started> requested = new java.util.HashSet<>();
    private EmbeddedPostgres postgres;
    private boolean stopped;

    /** Records a started process; when {@link #stop} already ran (Ctrl-C during start-up) it is stopped at once. */
    synchronized void add(Started started) {
        processes.add(started);
        if (stopped) {
            started.process().destroy();
        }
    }

    synchronized void postgres(EmbeddedPostgres pg) throws java.io.IOException {
        this.postgres = pg;
        if (stopped) {
            pg.close();
        }
    }

    /** The last process started under {@code name} (a service restarted by a drill has several). */
    synchronized java.util.Optional<Started> latest(String name) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            if (processes.get(i).name().equals(name)) {
                return java.util.Optional.of(processes.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /** Marks a process as stopped on purpose (a drill), so watching does not report it as died. */
    synchronized void stoppedOnRequest(Started s, boolean value) {
        if (value) {
            requested.add(s);
        }
    }

    synchronized boolean stoppedOnRequest(Started s) {
        return requested.contains(s);
    }

    synchronized boolean stopped() {
        return stopped;
    }

    synchronized List<Started> processes() {
        return List.copyOf(processes);
    }

    synchronized void stop(PrintWriter out) {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = processes.size() - 1; i >= 0; i--) {
            Started s = processes.get(i);
            if (s.process().isAlive()) {
                out.println("packops up: stopping " + s.name() + " (pid " + s.process().pid() + ")");
                out.flush();
                s.process().destroy();
            }
        }
        for (Started s : processes) {
            try {
                if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
                    out.println("packops up: " + s.name() + " did not stop in 20s, killing it");
                    s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            out.println("packops up: stopping PostgreSQL");
            out.flush();
            try {
                postgres.close();
            } catch (Exception e) {
                out.println("packops up: stopping PostgreSQL failed: " + e.getMessage());
            }
        }
        out.flush();
    }

    /** GET {@code url}; true on a 2xx. */
    static boolean ready(HttpClient client, String url) {
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
