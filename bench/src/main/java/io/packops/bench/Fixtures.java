package io.packops.bench;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.ManifestReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's sample packs and real dbt catalogs, found from {@code -Dpackops.root} or the working directory. */
public final class Fixtures {

    /** The sample packs, each checked against its connector's real catalog. */
    public static final List<String> PACKS =
            List.of("stripe-revenue", "salesforce-pipeline", "hubspot-marketing", "shopify-sales", "zendesk-support");

    private Fixtures() {
    }

    public static Path root() {
        String configured = System.getProperty("packops.root");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(p.resolve("packs/catalogs"))) {
                throw new IllegalStateException("-Dpackops.root=" + p + " has no packs/catalogs directory");
            }
            return p;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("packs/catalogs"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with packs/catalogs);"
                + " run from inside the repository or pass -Dpackops.root=<dir>");
    }

    public static String packYaml(String pack, String version) {
        return read(root().resolve("packs").resolve(pack).resolve(version + ".yaml"));
    }

    public static String catalogJson(String connector) {
        return read(root().resolve("packs/catalogs").resolve(connector + ".catalog.json"));
    }

    /** Reads a manifest that must be valid (the fixtures are ours; an error is a bug in the fixture). */
    public static DashboardPack manifest(String yaml) {
        ManifestResult result = ManifestReader.read(yaml);
        if (!result.isValid()) {
            throw new IllegalStateException("fixture manifest is invalid: " + result.errors());
        }
        return result.pack();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + p, e);
        }
    }
}
