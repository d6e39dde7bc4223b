package io.packops.cli;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class PackopsCommandTest {

    @Test
    void helpListsTheSubcommands(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith("Usage: packops").containsPattern("\\n\\s+check\\s+Check pack");
    }

    @Test
    void versionIsTheProjectVersion(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).matches("packops \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void noSubcommandIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Missing required subcommand").contains("Usage: packops");
        assertThat(result.getOutput()).isEmpty();
    }

    @Test
    void unknownSubcommandIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("'frobnicate'").doesNotContain("Exception");
    }
}
