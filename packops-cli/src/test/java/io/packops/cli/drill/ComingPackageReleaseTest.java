package io.packops.cli.drill;

import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.BrokenItem;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradeOutcome;
import io.packops.compat.upgrade.UpgradeProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coming dbt_stripe release of {@code drill package-upgrade}, built from the real catalog under {@code packs/}:
 * what it changes, that it breaks the demo's stripe-revenue 1.0.0 where the diff says, and that the fix
 * ({@code packs/stripe-revenue/1.0.2.yaml}) compiles on both releases on every warehouse.
 */
class ComingPackageReleaseTest {

    static final Path ROOT = Path.of("..");
    static final ComingPackageRelease RELEASE = ComingPackageRelease.stripe();
    static String from;
    static String to;
    static UpgradeDiff diff;
    static DemoFleet fleet;

    @BeforeAll
    static void build() {
        from = RELEASE.fromCatalog(ROOT);
        to = RELEASE.toCatalog(from);
        diff = RELEASE.diff(from, to);
        fleet = DemoFleet.build(ROOT.resolve("packs"), DemoSeeder.ACCOUNTS, DemoSeeder.DRIFT_SHARE, DemoSeeder.SEED);
    }

    static String pack(String version) throws Exception {
        return Files.readString(ROOT.resolve("packs/stripe-revenue/" + version + ".yaml"));
    }

    @Test
    void theComingReleasePrefixesTheSaleDatesAndChangesNothingElse() {
        assertThat(diff.modelsRemoved()).isEmpty();
        assertThat(diff.modelsAdded()).isEmpty();
        assertThat(diff.columnsRetyped()).isZero();
        assertThat(diff.modelsChanged()).singleElement().satisfies(c -> {
            assertThat(c.model()).isEqualTo("stripe__customer_overview");
            assertThat(c.removed()).extracting(col -> col.name()).containsExactlyInAnyOrder("first_sale_date", "most_recent_sale_date");
            assertThat(c.added()).extracting(col -> col.name()).containsExactlyInAnyOrder("customer_first_sale_date", "customer_most_recent_sale_date");
        });
        assertThat(diff.columnRename("stripe__customer_overview", "first_sale_date")).hasValueSatisfying(r -> assertThat(r.to())
                .isEqualTo("customer_first_sale_date"));
        // the renamed columns keep their type
        WarehouseSchema after = SchemaReader.read(to);
        Relation overview = after.relations().stream().filter(r -> r.name().equals("stripe__customer_overview")).findFirst().orElseThrow();
        assertThat(overview.columns()).filteredOn(c -> c.name().equals("customer_first_sale_date")).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo("timestamp without time zone"));
        assertThat(after.relations()).hasSameSizeAs(SchemaReader.read(from).relations());
    }

    @Test
    void theServedVersionBreaksOnTheTopCustomersTileWithTheRenameSuggested() throws Exception {
        DemoFleet.Account account = fleet.accounts("stripe").stream().filter(a -> a.drift() == DemoFleet.Drift.NONE).findFirst().orElseThrow();
        UpgradeOutcome outcome = ComingPackageRelease.outcome(diff, pack("1.0.0"), account.schema());

        assertThat(outcome.breaks()).isTrue();
        assertThat(outcome.alreadyBroken()).isEmpty();
        assertThat(outcome.broken()).extracting(b -> b.item().label()).containsExactly("subscriptions/top_customers_by_mrr");
        BrokenItem tile = outcome.broken().get(0);
        assertThat(tile.problems()).extracting(p -> p.problem().column(), UpgradeProblem::didYouMean)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("first_sale_date", "customer_first_sale_date"));
    }

    @Test
    void theFixCompilesOnBothReleasesOnEveryWarehouse() throws Exception {
        CompiledPack fix = CompiledPack.compile(ManifestReader.read(pack("1.0.2")).pack());
        assertThat(fix.pack().version()).isEqualTo("1.0.2");
        CompatChecker checker = new CompatChecker();
        for (String warehouse : List.of("snowflake", "bigquery", "redshift", "databricks", "postgres")) {
            WarehouseSchema before = SchemaReader.read(from).withEnvelope("acct_1", "stripe", warehouse, null);
            assertThat(checker.check(fix, before).compatible()).as("1.0.2 on " + RELEASE.fromVersion() + ", " + warehouse).isTrue();
            assertThat(checker.check(fix, diff.applyTo(before)).compatible()).as("1.0.2 on " + RELEASE.toVersion() + ", " + warehouse).isTrue();
            assertThat(checker.check(fix, SchemaReader.read(to).withEnvelope("acct_1", "stripe", warehouse, null)).compatible())
                    .as("1.0.2 on the registered catalog, " + warehouse).isTrue();
        }
    }

    @Test
    void theBlastRadiusIsEveryDemoAccountThatHasTheRenamedColumn() throws Exception {
        List<DemoFleet.Account> stripe = fleet.accounts("stripe");
        Map<String, Long> reading = new TreeMap<>();
        for (DemoFleet.Account a : stripe) {
            boolean has = a.schema().relations().stream().filter(r -> r.name().equals("stripe__customer_overview"))
                    .flatMap(r -> r.columns().stream()).anyMatch(c -> c.name().equals("first_sale_date"));
            if (has) {
                reading.merge(a.warehouse(), 1L, Long::sum);
            }
        }

        Map<String, Long> radius = ComingPackageRelease.blastRadius(diff, pack("1.0.0"), stripe);

        assertThat(radius).isEqualTo(reading);
        assertThat(radius.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(stripe.size() / 2);
        assertThat(radius.keySet()).hasSizeGreaterThan(1);
        assertThat(ComingPackageRelease.blastRadius(diff, pack("1.0.2"), stripe)).isEmpty();
    }

    @Test
    void aCatalogWithoutTheRenamedModelOrColumnIsRefused() {
        String noModel = from.replace("stripe__customer_overview", "stripe__customer_summary");
        assertThatThrownBy(() -> RELEASE.toCatalog(noModel)).hasMessageContaining("no model stripe__customer_overview");
        String noColumn = from.replace("\"first_sale_date\"", "\"first_sale_on\"");
        assertThatThrownBy(() -> RELEASE.toCatalog(noColumn)).hasMessageContaining("first_sale_date");
        assertThatThrownBy(() -> RELEASE.toCatalog("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRegistrationAndTheInstallerSayWhichRelease() {
        Map<String, Object> body = RELEASE.registration(RELEASE.toVersion(), to);
        assertThat(body).containsEntry("connector", "stripe").containsEntry("package", "fivetran/stripe").containsEntry("version", "1.11.0");
        assertThat(body.get("catalog").toString()).contains("customer_first_sale_date").doesNotContain("\"first_sale_date\"");
        assertThat(RELEASE.fromVersion()).isEqualTo(DemoFleet.PACKAGES.get("stripe").version()).isEqualTo("1.10.1");
        DemoFleet.Account account = fleet.accounts("stripe").get(0);
        assertThat(DemoSeeder.snapshot(account, account.schema().relations(), java.time.Instant.EPOCH).path("dbtPackage"))
                .hasToString("{\"name\":\"fivetran/stripe\",\"version\":\"1.10.1\"}");
        assertThat(DemoSeeder.snapshot(account, account.schema().relations(), java.time.Instant.EPOCH, "1.11.0")
                .path("dbtPackage").path("version").asText()).isEqualTo("1.11.0");
    }
}
