package io.packops.compat.check;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's sample packs and real dbt catalogs (tests run with cwd = pack-compat/). */
final class Fixtures {
    static final Path PACKS = Path.of("..", "packs");

    private Fixtures() {
    }

    static Path pack(String name, String version) {
        return PACKS.resolve(name).resolve(version + ".yaml");
    }

    static DashboardPack readPack(Path file) {
        ManifestResult r = ManifestReader.read(read(file));
        assertThat(r.errors()).as("manifest errors of %s", file).isEmpty();
        return r.pack();
    }

    static WarehouseSchema catalog(String connector) {
        return SchemaReader.read(read(PACKS.resolve("catalogs").resolve(connector + ".catalog.json")));
    }

    static List<Path> samplePacks() {
        try (Stream<Path> files = Files.walk(PACKS, 2)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line of {@code file} containing {@code text} after line {@code from}. */
    static int lineOf(Path file, String text, int from) {
        List<String> lines = read(file).lines().toList();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not found in " + file);
    }

    /** A copy of the schema with one relation changed (or removed when the operator returns null). */
    static WarehouseSchema mutate(WarehouseSchema schema, String relation, UnaryOperator<Relation> change) {
        List<Relation> out = new ArrayList<>();
        boolean found = false;
        for (Relation r : schema.relations()) {
            if (r.name().equalsIgnoreCase(relation)) {
                found = true;
                Relation changed = change.apply(r);
                if (changed != null) {
                    out.add(changed);
                }
            } else {
                out.add(r);
            }
        }
        assertThat(found).as("relation %s in schema", relation).isTrue();
        return new WarehouseSchema(schema.accountId(), schema.connector(), schema.warehouse(), schema.capturedAt(), out);
    }

    static UnaryOperator<Relation> columns(UnaryOperator<List<Column>> change) {
        return r -> new Relation(r.name(), r.kind(), r.sourceName(), change.apply(new ArrayList<>(r.columns())));
    }

    static UnaryOperator<Relation> dropColumn(String column) {
        return columns(cols -> {
            assertThat(cols.removeIf(c -> c.name().equalsIgnoreCase(column))).as("column %s exists", column).isTrue();
            return cols;
        });
    }

    static UnaryOperator<Relation> renameColumn(String column, String to) {
        return columns(cols -> cols.stream()
                .map(c -> c.name().equalsIgnoreCase(column) ? Column.of(to, c.type()) : c).toList());
    }

    static UnaryOperator<Relation> retypeColumn(String column, String type) {
        return columns(cols -> cols.stream()
                .map(c -> c.name().equalsIgnoreCase(column) ? Column.of(c.name(), type) : c).toList());
    }
}
