package io.packops.cli.up;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The repository root: the nearest directory, from a start directory upwards, holding {@code packops} and {@code pom.xml}. */
public final class RepoRoot {

    private RepoRoot() {
    }

    /** Searches from {@code start} upwards. */
    public static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("packops")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** From the working directory, else from where this CLI's jar lies (packops-cli/target/...). */
    public static Optional<Path> find() {
        Optional<Path> fromCwd = find(Path.of(""));
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            var source = RepoRoot.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return find(Path.of(source.getLocation().toURI()));
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException ignored) {
            // not a file location: nothing else to try
        }
        return Optional.empty();
    }
}
