package io.packops.cli.up;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Whether a TCP port can be listened on, checked before anything is started. */
public final class Ports {

    private Ports() {
    }

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

    /** {@code n} distinct ports free right now (asked of the OS; a private stack picks them so it never collides). */
    public static int[] free(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
