package io.packops.cli.up;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceJarsTest {

    @Test
    void aJarOlderThanItsSourcesIsRebuilt(@TempDir Path root) throws Exception {
        assertThat(ServiceJars.stale(root, "ingest-service")).as("missing").isTrue();
        Files.createDirectories(root.resolve("ingest-service/src/main/java"));
        Files.createDirectories(root.resolve("ingest-service/target/quarkus-app"));
        Path source = root.resolve("ingest-service/src/main/java/A.java");
        Files.writeString(source, "class A {}");
        Path jar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(source, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        assertThat(ServiceJars.stale(root, "ingest-service")).as("up to date").isFalse();
        Files.setLastModifiedTime(source, FileTime.fromMillis(3_000_000));
        assertThat(ServiceJars.stale(root, "ingest-service")).as("source changed after the build").isTrue();
    }

    @Test
    void aChangeInTheSharedPlumbingRebuildsEveryService(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("service-kit/src/main/java"));
        Files.createDirectories(root.resolve("alerting-service/target/quarkus-app"));
        Path kit = root.resolve("service-kit/src/main/java/Kit.java");
        Files.writeString(kit, "class Kit {}");
        Path jar = root.resolve("alerting-service/target/quarkus-app/quarkus-run.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(kit, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        assertThat(ServiceJars.stale(root, "alerting-service")).as("up to date").isFalse();
        Files.setLastModifiedTime(kit, FileTime.fromMillis(3_000_000));
        assertThat(ServiceJars.stale(root, "alerting-service")).as("service-kit changed after the build").isTrue();
    }
}
