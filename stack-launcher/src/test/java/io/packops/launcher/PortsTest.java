package io.packops.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void aPortInUseIsNamedInTheMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThat(Ports.inUse(port)).isTrue();
            assertThat(Ports.checkFree(port, "ingest-service")).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("port " + port + " (for ingest-service) is already in use"));
        }
    }

    @Test
    void aFreePortHasNoMessage() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(Ports.checkFree(port, "ingest-service")).isEmpty();
    }

    @Test
    void freePortsAreDistinct() {
        int[] ports = Ports.free(4);
        assertThat(ports).doesNotHaveDuplicates().hasSize(4);
        for (int p : ports) {
            assertThat(Ports.inUse(p)).isFalse();
        }
    }
}
