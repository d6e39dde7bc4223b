package io.packops.cli.up;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceJarsTest {

    @Test
    void aJarOlderThanItsSourcesIsRebuilt(@TempDir Path root) throws Exception {
        assertThat(ServiceJars.stale(root, "ingest-service")).as("missing").isTrue();
        Path source = file(root, "ingest-service/src/main/java/A.java", "class A {}", 1_000_000);
        file(root, "ingest-service/target/quarkus-app/quarkus-run.jar", "jar", 2_000_000);
        assertThat(ServiceJars.stale(root, "ingest-service")).as("up to date").isFalse();
        Files.setLastModifiedTime(source, FileTime.fromMillis(3_000_000));
        assertThat(ServiceJars.stale(root, "ingest-service")).as("source changed after the build").isTrue();
    }

    @Test
    void aChangeInTheSharedPlumbingRebuildsEveryService(@TempDir Path root) throws Exception {
        Path kit = file(root, "service-kit/src/main/java/Kit.java", "class Kit {}", 1_000_000);
        file(root, "alerting-service/target/quarkus-app/quarkus-run.jar", "jar", 2_000_000);
        assertThat(ServiceJars.stale(root, "alerting-service")).as("up to date").isFalse();
        Files.setLastModifiedTime(kit, FileTime.fromMillis(3_000_000));
        assertThat(ServiceJars.stale(root, "alerting-service")).as("service-kit changed after the build").isTrue();
    }

    /** A file under {@code root} with its folders, last modified at {@code millis}. */
    private static Path file(Path root, String relative, String content, long millis) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
        return file;
    }
}
