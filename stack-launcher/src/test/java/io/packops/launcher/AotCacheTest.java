package io.packops.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheTest {

    @TempDir
    Path dir;

    private static final Instant BUILT = Instant.parse("2026-12-01T10:00:00Z");

    /** A packaged app as the build leaves it: quarkus-run.jar, app/ and lib/ jars, all with the build's time. */
    private Path app() throws IOException {
        Path app = dir.resolve("svc/target/quarkus-app");
        for (String f : new String[] {"quarkus-run.jar", "app/svc.jar", "lib/main/io.quarkus.quarkus-core-3.33.2.jar",
                "quarkus/quarkus-application.dat"}) {
            Path p = app.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
            Files.setLastModifiedTime(p, FileTime.from(BUILT));
        }
        return app.resolve("quarkus-run.jar");
    }

    private Path jdk() throws IOException {
        Path java = dir.resolve("jdk25/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("jdk25");
    }

    private static void touch(Path p, Instant at) throws IOException {
        if (!Files.exists(p)) {
            Files.writeString(p, "cache");
        }
        Files.setLastModifiedTime(p, FileTime.from(at));
    }

    @Test
    void aFreshCacheStartsOnJdk25WithIt() throws IOException {
        Path jar = app();
        Path jdk = jdk();
        touch(AotCache.cacheOf(jar), BUILT.plusSeconds(60));

        AotCache.Choice c = AotCache.choose(jar, jdk, "/usr/bin/java");

        assertThat(c.aot()).isTrue();
        assertThat(c.java()).isEqualTo(jdk.resolve("bin/java").toString());
        assertThat(c.flags()).containsExactly("-XX:AOTCache=" + jar.resolveSibling("app.aot"));
        assertThat(c.reason()).contains("JDK 25").contains("app.aot");
    }

    @Test
    void withoutJdk25TheServiceStartsOnThePlainJvmAndSaysWhy() throws IOException {
        Path jar = app();
        touch(AotCache.cacheOf(jar), BUILT.plusSeconds(60));

        AotCache.Choice c = AotCache.choose(jar, dir.resolve("no-jdk"), "/usr/bin/java");

        assertThat(c.aot()).isFalse();
        assertThat(c.java()).isEqualTo("/usr/bin/java");
        assertThat(c.flags()).isEmpty();
        assertThat(c.reason()).startsWith("JDK 25 not found at " + dir.resolve("no-jdk")).endsWith("starting on the plain JVM").doesNotContain("\n");
    }

    @Test
    void withoutACacheTheServiceStartsOnThePlainJvm() throws IOException {
        AotCache.Choice c = AotCache.choose(app(), jdk(), "java");

        assertThat(c.aot()).isFalse();
        assertThat(c.java()).isEqualTo("java");
        assertThat(c.reason()).startsWith("no AOT cache ").contains("bench/build-aot");
    }

    @Test
    void aLibraryRebuiltAfterTheCacheMakesItStale() throws IOException {
        Path jar = app();
        touch(AotCache.cacheOf(jar), BUILT.plusSeconds(60));
        touch(jar.resolveSibling("lib/main/io.quarkus.quarkus-core-3.33.2.jar"), BUILT.plusSeconds(120));

        AotCache.Choice c = AotCache.choose(jar, jdk(), "java");

        assertThat(c.aot()).isFalse();
        assertThat(c.flags()).isEmpty();
        assertThat(c.reason()).contains("stale").contains("io.quarkus.quarkus-core-3.33.2.jar").endsWith("plain JVM");
    }

    @Test
    void theRunJarRebuiltAfterTheCacheMakesItStaleButOtherFilesDoNot() throws IOException {
        Path jar = app();
        touch(AotCache.cacheOf(jar), BUILT.plusSeconds(60));
        touch(jar.resolveSibling("quarkus/quarkus-application.dat"), BUILT.plusSeconds(120));
        assertThat(AotCache.choose(jar, jdk(), "java").aot()).isTrue();

        touch(jar, BUILT.plusSeconds(120));
        assertThat(AotCache.choose(jar, jdk(), "java").reason()).contains("quarkus-run.jar was built after it");
    }

    @Test
    void theJdkIsTakenFromTheVariableOnlyWhenItHasAJava() throws IOException {
        Path jdk = jdk();

        assertThat(AotCache.jdk25(Map.of(AotCache.JDK_VARIABLE, jdk.toString()))).contains(jdk);
        assertThat(AotCache.jdk25(Map.of(AotCache.JDK_VARIABLE, dir.resolve("nowhere").toString()))).isEmpty();
        assertThat(AotCache.jdk25Home(Map.of())).isEqualTo(AotCache.DEFAULT_JDK);
    }
}
