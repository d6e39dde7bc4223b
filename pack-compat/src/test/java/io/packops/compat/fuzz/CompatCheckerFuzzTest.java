package io.packops.compat.fuzz;

import io.packops.compat.TestManifests;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.Problem;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.SqlCompiler;
import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.SqlMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CompatChecker} on 10,000 small packs whose queries are the sample packs' queries mutated token by token
 * ({@link SqlMutator}: dropped, repeated and swapped tokens, keywords, templates, nested parentheses and
 * subqueries), compiled once (within the parse bounds of {@link SqlCompiler}) and checked against two real
 * catalogs: it never throws, resolves within two seconds, every problem has a known code and a sentence without Java internals, and the resolver never fails internally.
 */
class CompatCheckerFuzzTest {

    private static final Set<String> CODES = Arrays.stream(ProblemCode.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(f -> {
                try {
                    return (String) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toSet());

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMutatedQueryIsCheckedQuicklyWithReadableProblems() {
        List<String> queries = FuzzSeeds.queries();
        List<WarehouseSchema> schemas = List.of(catalog("stripe"), catalog("shopify"));
        CompatChecker checker = new CompatChecker();
        Fuzz.run("CompatChecker", Fuzz.tries(), 2, r -> pack(queries, r), text -> {
            ManifestResult manifest = ManifestReader.read(text);
            if (manifest.pack() == null) {
                return; // a template or quote broke the YAML itself: ManifestReaderFuzzTest's ground
            }
            long t0 = System.nanoTime();
            CompiledPack compiled = CompiledPack.compile(manifest.pack());
            long compileMillis = (System.nanoTime() - t0) / 1_000_000;
            // a parse is stopped after its time, and a pack's parses after theirs (a few hundred ms of slack)
            assertThat(compileMillis).as("milliseconds to compile").isLessThan(SqlCompiler.PACK_PARSE_MILLIS + 2_000);
            long t1 = Fuzz.threadCpuMillis();
            for (WarehouseSchema schema : schemas) {
                CompatReport report = checker.check(compiled, schema);
                assertThat(report.compatible()).isEqualTo(report.problems().stream().noneMatch(Problem::isError));
                for (Problem p : report.problems()) {
                    assertThat(CODES).as("code of %s", p).contains(p.code());
                    assertThat(p.detail()).as("detail of %s", p).isNotBlank().doesNotContain("internal error");
                    assertThat(FuzzSeeds.unquoted(p.detail())).as("detail of %s", p).doesNotContainPattern(FuzzSeeds.LEAK);
                    assertThat(p.tile() == null).as("tile xor kpi of %s", p).isEqualTo(p.kpi() != null);
                }
            }
            assertThat(Fuzz.threadCpuMillis() - t1).as("CPU milliseconds to resolve against two schemas").isLessThan(2_000);
        });
    }

    /** One to three tiles and a KPI with mutated sample queries, as a YAML literal block each. */
    static String pack(List<String> queries, RandomGenerator r) {
        StringBuilder yaml = new StringBuilder(TestManifests.oneDashboard("fuzz"));
        int tiles = 1 + r.nextInt(2);
        for (int t = 0; t < tiles; t++) {
            yaml.append("      - id: t").append(t).append("\n        title: T\n        sql: |\n")
                    .append(block(query(queries, r), "          "));
        }
        yaml.append("kpis:\n  - id: k\n    title: K\n    narrative: \"")
                .append(r.nextBoolean() ? "{{ value }} now" : "{{ " + (r.nextBoolean() ? "value | round" : "delta_pct") + " }}")
                .append("\"\n    sql: |\n").append(block(query(queries, r), "      "));
        return yaml.toString();
    }

    private static String query(List<String> queries, RandomGenerator r) {
        String q = queries.get(r.nextInt(queries.size()));
        return r.nextInt(10) == 0 ? q : SqlMutator.mutate(q, r);
    }

    private static String block(String sql, String indent) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            sb.append(indent).append(line).append('\n');
        }
        return sb.toString();
    }

    private static WarehouseSchema catalog(String connector) {
        try {
            return SchemaReader.read(Files.readString(FuzzSeeds.PACKS.resolve("catalogs").resolve(connector + ".catalog.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
