package io.packops.compat.upgrade;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real catalogs of eight releases of fivetran/dbt_stripe ({@code packs/catalog-history/stripe/}, see its README),
 * the small packs that read what they change ({@code readers/}) and the repository's sample packs. Tests run in
 * pack-compat/.
 */
final class StripeHistory {

    static final Path HISTORY = Path.of("..", "packs", "catalog-history", "stripe");

    private StripeHistory() {
    }

    /** Release {@code position} of the catalog's history ({@code 23-2023-09-20-35cb9cd.catalog.json} is 23). */
    static WarehouseSchema release(int position) {
        try (Stream<Path> files = Files.list(HISTORY)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(position + "-")).toList();
            assertThat(found).as("catalog %d in %s", position, HISTORY).hasSize(1);
            return SchemaReader.read(Files.readString(found.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UpgradeDiff diff(int from, int to) {
        return UpgradeDiff.between(release(from), release(to));
    }

    /** {@code readers/<name>.yaml}. */
    static CompiledPack reader(String name) {
        return compile(HISTORY.resolve("readers").resolve(name + ".yaml"));
    }

    /** {@code packs/<pack>/<version>.yaml}. */
    static CompiledPack sample(String pack, String version) {
        return compile(Path.of("..", "packs", pack, version + ".yaml"));
    }

    private static CompiledPack compile(Path file) {
        try {
            ManifestResult m = ManifestReader.read(Files.readString(file));
            assertThat(m.errors()).as("manifest errors of %s", file).isEmpty();
            return CompiledPack.compile(m.pack());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
