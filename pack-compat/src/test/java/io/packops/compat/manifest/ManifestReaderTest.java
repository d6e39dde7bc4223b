package io.packops.compat.manifest;

import static io.packops.compat.manifest.ManifestAssertions.HEADER;
import static io.packops.compat.manifest.ManifestAssertions.assertError;
import static io.packops.compat.manifest.ManifestAssertions.assertOnlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class ManifestReaderTest {

    private static final String ONE_KPI = """
            kpis:
              - id: k
                title: K
                sql: select 1 as value
                narrative: "{{ value }}"
            """;

    /** The table of manifests rejected with exactly one error: {@code manifests/one-error-cases.yaml}. */
    @TestFactory
    Stream<DynamicTest> eachOneErrorCaseIsRejectedWithItsPathLineAndColumn() throws IOException {
        List<Map<String, Object>> cases;
        try (InputStream in = ManifestReaderTest.class.getResourceAsStream("/manifests/one-error-cases.yaml")) {
            cases = new Yaml(new SafeConstructor(new LoaderOptions())).load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            String header = c.containsKey("from") ? HEADER.replace((String) c.get("from"), (String) c.get("to")) : HEADER;
            String manifest = header + (Boolean.TRUE.equals(c.get("kpi")) ? ONE_KPI : "") + c.get("body");
            ManifestError error = assertOnlyError(ManifestReader.read(manifest), (String) c.get("path"),
                    (Integer) c.get("line"), (Integer) c.get("column"), (String) c.get("message"));
            if (c.containsKey("also")) {
                assertThat(error.message()).contains((String) c.get("also"));
            }
        }));
    }

    @Test
    void designExampleReadsIntoRecordsWithTheirLines() throws IOException {
        ManifestResult result = ManifestReader.read(designExample());

        assertThat(result.errors()).isEmpty();
        assertThat(result.isValid()).isTrue();
        DashboardPack pack = result.pack();
        assertThat(pack.apiVersion()).isEqualTo("packops/v1");
        assertThat(pack.kind()).isEqualTo("DashboardPack");
        assertThat(pack.name()).isEqualTo("stripe-revenue");
        assertThat(pack.version()).isEqualTo("1.4.0");
        assertThat(pack.connector()).isEqualTo("stripe");
        assertThat(pack.description()).isNull();

        assertThat(pack.dashboards()).singleElement().satisfies(dashboard -> {
            assertThat(dashboard.id()).isEqualTo("revenue");
            assertThat(dashboard.title()).isEqualTo("Revenue");
            assertThat(dashboard.line()).isEqualTo(7);
            assertThat(dashboard.tiles()).singleElement().satisfies(tile -> {
                assertThat(tile.id()).isEqualTo("gross_volume");
                assertThat(tile.title()).isEqualTo("Gross volume by day");
                assertThat(tile.line()).isEqualTo(10);
                assertThat(tile.sqlLine()).isEqualTo(13);
                assertThat(tile.sql()).startsWith("select cast(balance_transaction_created_at as date) as day,\n"
                        + "       sum(balance_transaction_amount) as gross\n").endsWith("group by 1\n");
            });
        });
        assertThat(pack.kpis()).singleElement().satisfies(kpi -> {
            assertThat(kpi.id()).isEqualTo("mrr");
            assertThat(kpi.title()).isEqualTo("Monthly recurring revenue");
            assertThat(kpi.sql()).isEqualTo(
                    "select sum(month_contract_mrr) as value from {{ ref('stripe__subscription_item_mrr_report') }}");
            assertThat(kpi.narrative()).isEqualTo("MRR is {{ value }} this month.");
            assertThat(kpi.line()).isEqualTo(19);
            assertThat(kpi.sqlLine()).isEqualTo(21);
            assertThat(kpi.narrativeLine()).isEqualTo(22);
        });
    }

    @Test
    void lineNOfLiteralBlockSqlSitsOnFileLineSqlLinePlusNMinusOne() throws IOException {
        String text = designExample();
        Tile tile = ManifestReader.read(text).pack().dashboards().get(0).tiles().get(0);

        List<String> fileLines = text.lines().toList();
        List<String> sqlLines = tile.sql().lines().toList();
        assertThat(sqlLines).hasSize(5);
        for (int n = 1; n <= sqlLines.size(); n++) {
            assertThat(fileLines.get(tile.sqlLine() + n - 1 - 1)).endsWith(sqlLines.get(n - 1));
        }
    }

    @Test
    void sqlLineIsTheScalarsOwnLineForFlowScalarsAndTheNextLineForBlockScalars() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: styles
                    title: Styles
                    tiles:
                      - id: plain
                        title: Plain
                        sql: select 1
                      - id: quoted
                        title: Quoted
                        sql: "select 2"
                      - id: folded
                        title: Folded
                        sql: >-
                          select 3
                          from t
                      - id: literal_strip
                        title: Literal
                        sql: |-
                          select 4
                      - id: single
                        title: Single
                        sql:
                          'select 5'
                """);

        assertThat(result.errors()).isEmpty();
        List<Tile> tiles = result.pack().dashboards().get(0).tiles();
        assertThat(tiles).extracting(Tile::sqlLine).containsExactly(12, 15, 19, 24, 28);
        assertThat(tiles).extracting(Tile::sql)
                .containsExactly("select 1", "select 2", "select 3 from t", "select 4", "select 5");
        assertThat(tiles).extracting(Tile::line).containsExactly(10, 13, 16, 21, 25);
    }

    @Test
    void kpiOnlyPackIsValidAndItsBlockNarrativeStartsAfterTheIndicator() {
        ManifestResult result = ManifestReader.read(HEADER + """
                kpis:
                  - id: arr
                    title: ARR
                    sql: |
                      select 1 as value
                    narrative: >
                      ARR is {{ value }}.
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pack().dashboards()).isEmpty();
        assertThat(result.pack().kpis()).singleElement().satisfies(kpi -> {
            assertThat(kpi.line()).isEqualTo(7);
            assertThat(kpi.sqlLine()).isEqualTo(10);
            assertThat(kpi.narrativeLine()).isEqualTo(12);
            assertThat(kpi.narrative()).isEqualTo("ARR is {{ value }}.\n");
        });
    }

    @Test
    void numericIdsAreReadAsTheirSlugText() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: 2024
                    title: 1999
                    tiles:
                      - id: 007
                        title: Bond
                        sql: select 1
                """);

        assertThat(result.errors()).isEmpty();
        Dashboard dashboard = result.pack().dashboards().get(0);
        assertThat(dashboard.id()).isEqualTo("2024");
        assertThat(dashboard.title()).isEqualTo("1999");
        assertThat(dashboard.tiles().get(0).id()).isEqualTo("007");
    }

    @Test
    void optionalDescriptionVizAndFormatAreAccepted() {
        ManifestResult result = ManifestReader.read(HEADER + """
                description: Revenue dashboards for Stripe
                dashboards:
                  - id: revenue
                    title: Revenue
                    description: Money in
                    tiles:
                      - id: t
                        title: T
                        description: by day
                        viz: line
                        sql: select 1
                kpis:
                  - id: k
                    title: K
                    description: the one number
                    format: currency
                    sql: select 1 as value
                    narrative: "{{ value }}"
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pack().description()).isEqualTo("Revenue dashboards for Stripe");
    }

    @Test
    void sharedSqlThroughAnAliasIsReadForEveryTileThatUsesIt() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: revenue
                    title: Revenue
                    tiles:
                      - id: a
                        title: A
                        sql: &shared |
                          select 1
                      - id: b
                        title: B
                        sql: *shared
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pack().dashboards().get(0).tiles())
                .extracting(Tile::sql, Tile::sqlLine)
                .containsOnly(tuple("select 1\n", 13));
    }

    @Test
    void unknownKeyNamesTheAllowedKeysAndSuggestsTheTypo() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: revenue
                    title: Revenue
                    tilez:
                      - id: t
                        title: T
                        sql: select 1
                """);

        ManifestError error = assertError(result, "dashboards[0].tilez", 9, 5, "unknown key 'tilez'; did you mean 'tiles'?");
        assertThat(error.message()).contains("allowed keys: id, title, description, tiles");
        assertError(result, "dashboards[0].tiles", 7, 5, "missing required key 'tiles'");
        assertThat(result.errors()).hasSize(2);
    }

    @Test
    void listWhereTextIsExpectedAndTextWhereAListIsExpectedAreTypeErrors() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: revenue
                    title: [Revenue, Money]
                    tiles: gross_volume
                """);

        assertError(result, "dashboards[0].title", 8, 12, "expected text, found a list");
        assertError(result, "dashboards[0].tiles", 9, 12, "expected a list of tiles, found the value 'gross_volume'");
        assertThat(result.errors()).hasSize(2);
    }

    @Test
    void sameTileIdInTwoDashboardsIsAllowed() {
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: revenue
                    title: A
                    tiles:
                      - id: t
                        title: T
                        sql: select 1
                  - id: churn
                    title: B
                    tiles:
                      - id: t
                        title: T
                        sql: select 1
                """);

        assertThat(result.errors()).isEmpty();
    }

    @Test
    void packWithNeitherDashboardsNorKpisIsRejected() {
        assertOnlyError(ManifestReader.read(HEADER), "", 1, 1, "at least one dashboard or KPI");
        assertOnlyError(ManifestReader.read(HEADER + "dashboards: []\n"), "dashboards", 6, 13,
                "at least one dashboard or KPI");
    }

    @Test
    void sqlLongerThanTheCapIsRejected() {
        String sql = "select 1 " + "x".repeat(ManifestReader.MAX_SQL_CHARS);
        ManifestResult result = ManifestReader.read(HEADER + """
                dashboards:
                  - id: revenue
                    title: Revenue
                    tiles:
                      - id: t
                        title: T
                        sql: %s
                """.formatted(sql));

        assertOnlyError(result, "dashboards[0].tiles[0].sql", 12, 14, "the SQL is too long");
    }

    @Test
    void moreDashboardsTilesOrKpisThanTheCapsAreRejected() {
        StringBuilder yaml = new StringBuilder(HEADER).append("dashboards:\n");
        for (int d = 0; d <= ManifestReader.MAX_DASHBOARDS; d++) {
            yaml.append("  - id: d").append(d).append("\n    title: D\n    tiles:\n");
            int tiles = d == 0 ? ManifestReader.MAX_TILES_PER_DASHBOARD + 1 : 1;
            for (int t = 0; t < tiles; t++) {
                yaml.append("      - {id: t").append(t).append(", title: T, sql: select 1}\n");
            }
        }
        yaml.append("kpis:\n");
        for (int k = 0; k <= ManifestReader.MAX_KPIS; k++) {
            yaml.append("  - {id: k").append(k).append(", title: K, sql: select 1 as v, narrative: n}\n");
        }

        ManifestResult result = ManifestReader.read(yaml.toString());

        assertError(result, "dashboards", 7, 3, "too many dashboards: 201, at most 200 are allowed");
        assertError(result, "dashboards[0].tiles", 10, 7, "too many tiles in one dashboard: 201, at most 200");
        assertError(result, "kpis", 1012, 3, "too many KPIs: 501, at most 500");
        assertThat(result.errors()).hasSize(3);
    }

    @Test
    void everyErrorInAFileIsReportedInFileOrder() {
        ManifestResult result = ManifestReader.read("""
                apiVersion: packops/v2
                kind: DashboardPack
                name: Demo
                version: 1.0
                connector: stripe
                dashboards:
                  - id: revenue
                    title: ""
                    tiles:
                      - id: Bad Id
                        title: T
                        sqll: select 1
                """);

        assertThat(result.pack()).isNull();
        assertThat(result.errors()).extracting(ManifestError::path).containsExactly(
                "apiVersion",
                "name",
                "version",
                "dashboards[0].title",
                "dashboards[0].tiles[0].sql",
                "dashboards[0].tiles[0].id",
                "dashboards[0].tiles[0].sqll");
        assertThat(result.errors().get(6).message()).contains("did you mean 'sql'?");
        assertThat(result.errors().get(6).toString()).startsWith("12:9: dashboards[0].tiles[0].sqll: unknown key");
    }

    @Test
    void topLevelThatIsNotAMappingIsRejected() {
        assertOnlyError(ManifestReader.read("- a\n- b\n"), "", 1, 1, "must be a mapping of keys");
        assertOnlyError(ManifestReader.read("just some text\n"), "", 1, 1, "found the value 'just some text'");
    }

    @Test
    void emptyOrCommentOnlyFileIsRejected() {
        assertOnlyError(ManifestReader.read(""), "", 1, 1, "the manifest is empty");
        assertOnlyError(ManifestReader.read("# nothing here yet\n\n"), "", 1, 1, "the manifest is empty");
    }

    @Test
    void customTagIsRejectedAndNothingIsConstructed() {
        ManifestResult local = ManifestReader.read(HEADER.replace("name: demo", "name: !secret demo") + ONE_KPI);
        assertOnlyError(local, "name", 3, 7, "the YAML tag '!secret' is not allowed");

        ManifestResult global = ManifestReader.read(
                HEADER.replace("name: demo", "name: !!java.net.URL [\"http://example.com\"]") + ONE_KPI);
        assertOnlyError(global, "", 3, 7, "the YAML tag '!!java.net.URL' is not allowed");

        ManifestResult binary = ManifestReader.read(HEADER.replace("name: demo", "name: !!binary ZGVtbw==") + ONE_KPI);
        assertOnlyError(binary, "name", 3, 7, "the YAML tag '!!binary' is not allowed");
    }

    @Test
    void mergeKeyIsRejected() {
        ManifestResult result = ManifestReader.read(HEADER + """
                kpis:
                  - id: k
                    <<: {title: K}
                    sql: select 1 as value
                    narrative: "{{ value }}"
                """);

        assertError(result, "kpis[0]", 8, 5, "merge keys ('<<') are not supported");
        assertError(result, "kpis[0].title", 7, 5, "missing required key 'title'");
    }

    @Test
    void readerOverloadReadsAFileStream() throws IOException {
        try (InputStream in = ManifestReaderTest.class.getResourceAsStream("/manifests/stripe-revenue.yaml")) {
            ManifestResult result = ManifestReader.read(new InputStreamReader(in, StandardCharsets.UTF_8));

            assertThat(result.isValid()).isTrue();
            assertThat(result).isEqualTo(ManifestReader.read(designExample()));
        }
    }

    private static String designExample() throws IOException {
        try (InputStream in = ManifestReaderTest.class.getResourceAsStream("/manifests/stripe-revenue.yaml")) {
            assertThat(in).as("test resource").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

