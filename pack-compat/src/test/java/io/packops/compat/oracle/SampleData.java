package io.packops.compat.oracle;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The repository's sample packs and real dbt catalogs, and the focused compile cases, as the oracle tests read them. */
final class SampleData {

    /** One sample pack version, compiled, with the path it was read from. */
    record SamplePack(Path path, DashboardPack pack, CompiledPack compiled) {
        String label() {
            return pack.name() + "@" + pack.version();
        }
    }

    /** One case of compile-cases/cases.yaml. */
    record CompileCase(String name, String rule, String sql, String warehouse, boolean postgres, List<String> expect) {
        /** PostgreSQL-dialect SQL whose errors PostgreSQL can judge (not other dialects, no unsupported templates). */
        boolean postgresDialect() {
            return postgres && (warehouse == null || warehouse.equalsIgnoreCase("postgres"))
                    && expect.stream().noneMatch(e -> e.startsWith("UNSUPPORTED_TEMPLATE"));
        }
    }

    private SampleData() {
    }

    /** {@code packs/} of the repository (tests run with the module as working directory). */
    static Path packsDir() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("packs");
            if (Files.isDirectory(candidate.resolve("catalogs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no packs/catalogs above " + Paths.get("").toAbsolutePath());
    }

    /** Every packs/<name>/<version>.yaml, in path order. */
    static List<SamplePack> packs() {
        try (Stream<Path> files = Files.walk(packsDir(), 2)) {
            List<SamplePack> packs = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("catalogs"))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                ManifestResult result = ManifestReader.read(Files.readString(p));
                if (!result.isValid()) {
                    throw new IllegalStateException(p + " is not a valid manifest: " + result.errors());
                }
                packs.add(new SamplePack(p, result.pack(), CompiledPack.compile(result.pack())));
            }
            return packs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** packs/catalogs/<connector>.catalog.json. */
    static WarehouseSchema catalog(String connector) {
        Path file = packsDir().resolve("catalogs").resolve(connector + ".catalog.json");
        try {
            return SchemaReader.read(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A query's place in its pack: {@code stripe-revenue@1.0.0 revenue/gross_volume} or {@code ... kpi mrr}. */
    static String label(SamplePack pack, CompiledPack.Query q) {
        return pack.label() + " " + (q.kpi() != null ? "kpi " + q.kpi() : q.dashboard() + "/" + q.tile());
    }

    static List<CompileCase> compileCases() {
        try (InputStream in = SampleData.class.getResourceAsStream("/compile-cases/cases.yaml")) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<CompileCase> cases = new ArrayList<>();
            for (Object o : (List<?>) doc.get("cases")) {
                Map<?, ?> m = (Map<?, ?>) o;
                List<String> expect = new ArrayList<>();
                for (Object e : (List<?>) m.get("expect")) {
                    expect.add(String.valueOf(e));
                }
                cases.add(new CompileCase((String) m.get("name"), (String) m.get("rule"), (String) m.get("sql"),
                        (String) m.get("warehouse"), !Boolean.FALSE.equals(m.get("pg")), expect));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WarehouseSchema compileCasesSchema() {
        try (InputStream in = SampleData.class.getResourceAsStream("/compile-cases/schema.json")) {
            return SchemaReader.read(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
