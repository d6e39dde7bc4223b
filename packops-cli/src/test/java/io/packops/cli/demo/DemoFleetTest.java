package io.packops.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo fleet and the installs it simulates, built from the repository's packs/ (real dbt catalogs). */
class DemoFleetTest {

    static final Path PACKS = Path.of("..", "packs");
    static DemoFleet fleet;

    @BeforeAll
    static void build() {
        fleet = DemoFleet.build(PACKS, 300, 0.03, DemoSeeder.SEED);
    }

    @Test
    void everyConnectorOfTheDemoSaysTheReleaseOfItsPackage() {
        for (String connector : fleet.packs().keySet()) {
            DemoFleet.DbtPackage release = DemoFleet.PACKAGES.get(connector);
            assertThat(release).as(connector).isNotNull();
            assertThat(release.name()).isEqualTo("fivetran/" + connector);
            assertThat(io.packops.compat.manifest.SemVer.isValid(release.version())).as(release.version()).isTrue();
            DemoFleet.Account a = fleet.accounts(connector).get(0);
            assertThat(DemoSeeder.snapshot(a, a.schema().relations(), Instant.parse("2026-11-26T08:00:00Z")).path("dbtPackage").path("version")
                    .asText()).isEqualTo(release.version());
        }
    }

    @Test
    void theSameSeedBuildsTheSameFleet() {
        DemoFleet again = DemoFleet.build(PACKS, 300, 0.03, DemoSeeder.SEED);
        assertThat(again.accounts()).hasSize(300);
        for (int i = 0; i < 300; i++) {
            DemoFleet.Account a = fleet.accounts().get(i);
            DemoFleet.Account b = again.accounts().get(i);
            assertThat(List.of(b.id(), b.connector(), b.warehouse(), b.drift(), b.schema().fingerprint()))
                    .isEqualTo(List.of(a.id(), a.connector(), a.warehouse(), a.drift(), a.schema().fingerprint()));
        }
        assertThat(fleet.accounts().stream().map(DemoFleet.Account::id).distinct()).hasSize(300);
    }

    @Test
    void everyPackHasAccountsAndTheWarehouseMixIsRealistic() {
        assertThat(fleet.packs().keySet()).containsExactlyInAnyOrder("hubspot", "salesforce", "shopify", "stripe", "zendesk");
        Map<String, Long> byConnector = fleet.accounts().stream().collect(Collectors.groupingBy(DemoFleet.Account::connector, Collectors.counting()));
        assertThat(byConnector.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
        assertThat(byConnector.get("stripe")).isGreaterThan(byConnector.get("zendesk"));
        Map<String, Long> byWarehouse = fleet.accounts().stream().collect(Collectors.groupingBy(DemoFleet.Account::warehouse, Collectors.counting()));
        DemoFleet.WAREHOUSE_MIX.forEach((warehouse, percent) ->
                assertThat(byWarehouse.getOrDefault(warehouse, 0L) / 3.0).as(warehouse).isBetween(percent - 8.0, percent + 8.0));
    }

    @Test
    void warehouseSpellingsDifferButFingerprintsDoNot() {
        List<DemoFleet.Account> stripe = fleet.accounts("stripe").stream().filter(a -> a.drift() == DemoFleet.Drift.NONE).toList();
        assertThat(stripe.stream().map(a -> a.schema().fingerprint()).distinct()).hasSize(1);
        Set<String> spellings = new HashSet<>();
        for (DemoFleet.Account a : stripe) {
            Column id = a.schema().relations().stream().flatMap(r -> r.columns().stream())
                    .filter(c -> c.family() == io.packops.compat.schema.TypeFamily.STRING).findFirst().orElseThrow();
            spellings.add(id.type());
        }
        assertThat(spellings).as("snowflake, bigquery, redshift, databricks and postgres spell strings differently").hasSizeGreaterThan(3);
    }

    @Test
    void theSeededDriftIsHarmlessSoTheDemoStartsCalm() {
        assertThat(fleet.accounts().stream().filter(a -> a.drift() != DemoFleet.Drift.NONE)).hasSizeBetween(5, 40);
        InstallSimulator sim = new InstallSimulator(1, 0, 0);
        for (DemoFleet.Account a : fleet.accounts()) {
            DemoFleet.Pack pack = fleet.packs().get(a.connector());
            assertThat(sim.check(a, pack.manifests().get(pack.firstVersion())).compatible()).as(a.id() + " " + a.drift()).isTrue();
        }
        assertThat(fleet.accounts().stream().filter(a -> a.drift() == DemoFleet.Drift.MISSING_UNUSED_COLUMN)
                .map(a -> a.schema().fingerprint()).distinct()).isNotEmpty();
    }

    @Test
    void aBreakingChangeDropsAColumnThePackReads() {
        for (DemoFleet.Pack pack : fleet.packs().values()) {
            String manifest = pack.manifests().get(pack.firstVersion());
            DemoFleet.Account a = fleet.accounts(pack.connector()).get(0);
            var broken = DemoFleet.breaking(a.schema().relations(), manifest, new Random(3));
            var report = new CompatChecker().check(CompiledPack.compile(ManifestReader.read(manifest).pack()), WarehouseSchema.of(broken));
            assertThat(report.compatible()).as(pack.name()).isFalse();
            long before = a.schema().relations().stream().mapToLong(r -> r.columns().size()).sum();
            assertThat(broken.stream().mapToLong(r -> r.columns().size()).sum()).isEqualTo(before - 1);
        }
    }

    @Test
    void snapshotsReadBackWithTheSameFingerprint() {
        DemoFleet.Account a = fleet.accounts("shopify").get(0);
        ObjectNode body = DemoSeeder.snapshot(a, a.schema().relations(), Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(body.path("accountId").asText()).isEqualTo(a.id());
        assertThat(body.path("warehouse").asText()).isEqualTo(a.warehouse());
        assertThat(SchemaReader.read(body.toString()).fingerprint()).isEqualTo(a.schema().fingerprint());
    }

    @Test
    void installsOfTheBrokenReleaseFailLikeTheirWarehouseAndGoodOnesRender() {
        InstallSimulator sim = new InstallSimulator(7, 0, 0);
        DemoFleet.Pack stripe = fleet.packs().get("stripe");
        assertThat(stripe.manifests()).containsKeys("1.0.0", "1.1.0");
        Map<String, String> codes = Map.of("snowflake", "000904", "bigquery", "invalidQuery",
                "databricks", "UNRESOLVED_COLUMN.WITH_SUGGESTION", "redshift", "42703", "postgres", "42703");
        for (String warehouse : codes.keySet()) {
            DemoFleet.Account a = fleet.accounts("stripe").stream().filter(x -> x.warehouse().equals(warehouse)).findFirst().orElseThrow();
            List<ObjectNode> bad = sim.install(a, stripe.manifests().get("1.1.0"), Instant.parse("2026-11-26T08:00:00Z"));
            assertThat(bad).singleElement().satisfies(e -> {
                assertThat(e.path("outcome").asText()).isEqualTo("failed");
                assertThat(e.path("stage").asText()).isEqualTo("compile");
                assertThat(e.path("errorCode").asText()).as(warehouse).isEqualTo(codes.get(warehouse));
                assertThat(e.path("packVersion").asText()).isEqualTo("1.1.0");
                assertThat(e.path("errorMessage").asText().toLowerCase()).containsAnyOf("currency", "amount", "fee");
            });
            List<ObjectNode> good = sim.install(a, stripe.manifests().get("1.0.0"), Instant.parse("2026-11-26T08:00:00Z"));
            assertThat(good.get(0).path("outcome").asText()).isEqualTo("succeeded");
            assertThat(good).hasSizeGreaterThan(1);
            assertThat(good.subList(1, good.size())).allSatisfy(r -> {
                assertThat(r.path("type").asText()).isEqualTo("render");
                assertThat(r.path("dashboard").asText()).isNotBlank();
                assertThat(r.path("tile").asText()).isNotBlank();
            });
        }
    }
}
