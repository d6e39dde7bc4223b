package io.packops.compat.check;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutations of a real catalog under a released pack: each kind of schema drift produces exactly the
 * expected problem, and nothing else (no cascades from one root cause).
 */
class CatalogMutationTest {

    private final CompatChecker checker = new CompatChecker();
    private final DashboardPack stripe = Fixtures.readPack(Fixtures.pack("stripe-revenue", "1.0.0"));
    private final DashboardPack zendesk = Fixtures.readPack(Fixtures.pack("zendesk-support", "1.0.0"));

    private List<Problem> errors(DashboardPack pack, WarehouseSchema schema) {
        return checker.check(pack, schema).problems().stream().filter(Problem::isError).toList();
    }

    @Test
    void droppedColumnIsMissingColumnWhereverItIsUsed() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__subscription_item_mrr_report",
                Fixtures.dropColumn("month_billed_mrr"));
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("MISSING_COLUMN");
            assertThat(p.column()).isEqualTo("month_billed_mrr");
            assertThat(p.relation()).isEqualTo("stripe__subscription_item_mrr_report");
        });
        long usages = stripe.dashboards().stream().flatMap(d -> d.tiles().stream()).map(t -> t.sql())
                .mapToLong(sql -> sql.lines().filter(l -> l.contains("month_billed_mrr")).count()).sum()
                + stripe.kpis().stream().mapToLong(k -> k.sql().lines().filter(l -> l.contains("month_billed_mrr")).count()).sum();
        assertThat(errors).hasSize((int) usages);
    }

    @Test
    void droppedTableIsOneMissingRelationPerReferenceWithoutColumnCascades() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__customer_overview", r -> null);
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("MISSING_RELATION");
            assertThat(p.relation()).isEqualTo("stripe__customer_overview");
            assertThat(p.detail()).contains("ref('stripe__customer_overview')");
        });
        long refs = stripe.dashboards().stream().flatMap(d -> d.tiles().stream()).map(t -> t.sql())
                .mapToLong(sql -> sql.split("ref\\('stripe__customer_overview'\\)", -1).length - 1).sum()
                + stripe.kpis().stream().mapToLong(k -> k.sql().split("ref\\('stripe__customer_overview'\\)", -1).length - 1).sum();
        assertThat(errors).hasSize((int) refs);
    }

    @Test
    void droppedSourceTableIsMissingRelation() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "refund", r -> null);
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("MISSING_RELATION");
            assertThat(p.relation()).isEqualTo("stripe.refund");
            assertThat(p.tile()).isEqualTo("refunds_by_reason");
        });
    }

    @Test
    void renamedColumnIsMissingUnderItsOldName() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__balance_transactions",
                Fixtures.renameColumn("balance_transaction_net", "balance_transaction_net_amount"));
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("MISSING_COLUMN");
            assertThat(p.column()).isEqualTo("balance_transaction_net");
        });
    }

    @Test
    void timestampBecomingTextBreaksDateFunctions() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__balance_transactions",
                Fixtures.retypeColumn("balance_transaction_created_at", "character varying(64)"));
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("TYPE_MISMATCH");
            assertThat(p.column()).isEqualTo("balance_transaction_created_at");
        });
        assertThat(errors).extracting(Problem::tile).contains("net_revenue_by_month");
    }

    @Test
    void numericBecomingTextBreaksSums() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__subscription_item_mrr_report",
                Fixtures.retypeColumn("month_billed_mrr", "text"));
        List<Problem> errors = errors(stripe, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("TYPE_MISMATCH");
            assertThat(p.column()).isEqualTo("month_billed_mrr");
            assertThat(p.detail()).contains("sum()");
        });
    }

    @Test
    void typeChangeWithinAFamilyIsStillCompatible() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__balance_transactions",
                Fixtures.retypeColumn("balance_transaction_amount", "NUMBER(38,0)"));
        assertThat(errors(stripe, s)).isEmpty();
    }

    @Test
    void typeChangeToUnknownIsTrusted() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__balance_transactions",
                Fixtures.retypeColumn("balance_transaction_created_at", "GEOGRAPHY"));
        assertThat(errors(stripe, s)).isEmpty();
    }

    @Test
    void columnAddedToAJoinedTableMakesUnqualifiedUseAmbiguous() {
        WarehouseSchema base = Fixtures.catalog("stripe");
        // refunds_by_reason joins refund r with charge c; `reason` is only in refund, and used qualified -> still fine.
        WarehouseSchema s = Fixtures.mutate(base, "charge", Fixtures.columns(cols -> {
            cols.add(io.packops.compat.schema.Column.of("reason", "text"));
            return cols;
        }));
        assertThat(errors(stripe, s)).isEmpty();
    }

    @Test
    void zendeskDroppedColumnIsReportedWithTileAndLine() {
        WarehouseSchema s = Fixtures.mutate(Fixtures.catalog("zendesk"), "zendesk__ticket_metrics",
                Fixtures.dropColumn("status"));
        List<Problem> errors = errors(zendesk, s);
        assertThat(errors).isNotEmpty().allSatisfy(p -> {
            assertThat(p.code()).isIn("MISSING_COLUMN");
            assertThat(p.column()).isEqualTo("status");
            assertThat(p.line()).isPositive();
            assertThat(p.fileLine()).isGreaterThan(p.line());
            assertThat(p.tile() != null || p.kpi() != null).isTrue();
        });
    }
}
