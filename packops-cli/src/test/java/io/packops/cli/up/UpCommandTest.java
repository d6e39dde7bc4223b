package io.packops.cli.up;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class UpCommandTest {

    @Test
    void aPortInUseStopsUpBeforeAnythingStarts(QuarkusMainLauncher launcher) throws IOException {
        ServerSocket taken = new ServerSocket();
        try {
            taken.bind(new InetSocketAddress(8081));
        } catch (IOException alreadyTaken) {
            // something else holds 8081: up must refuse all the same
        }
        try {
            LaunchResult result = launcher.launch("up");

            assertThat(result.exitCode()).isEqualTo(4);
            assertThat(result.getErrorOutput()).contains("port 8081 (for ingest-service) is already in use");
            assertThat(result.getOutput()).doesNotContain("starting");
        } finally {
            taken.close();
        }
    }

    @Test
    void helpDescribesUp(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("up", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("--fresh").contains("--jdbc-url").contains("tokens.env");
    }
}
