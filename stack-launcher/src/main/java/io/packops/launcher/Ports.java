package io.packops.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** TCP ports: whether one can be listened on, and free ones for a private stack (never a fixed port in a test). */
public final class Ports {

    private Ports() {
    }

    /** Whether {@code port} is taken on any interface (checked before anything is started). */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the services do: TIME_WAIT sockets of earlier connections do not block them
            socket.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A message naming the port and who wanted it when the port is taken; empty when it is free. */
    public static Optional<String> checkFree(int port, String service) {
        if (!inUse(port)) {
            return Optional.empty();
        }
        return Optional.of("port " + port + " (for " + service + ") is already in use: stop what listens there "
                + "(see `ss -ltnp 'sport = :" + port + "'` or `lsof -i :" + port + "`; maybe an earlier ./packops up) and run again");
    }

    /** A loopback port free right now (asked of the OS). */
    public static int free() {
        return free(1)[0];
    }

    /** {@code n} distinct loopback ports free right now (held together while asked, so they differ). */
    public static int[] free(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // it was only asked for its number
                    }
                }
            }
        }
    }
}
