package io.packops.compat.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateExpanderTest {

    @Test
    void refAndSourceBecomePlaceholdersInOrder() {
        var e = TemplateExpander.expand("select * from {{ ref('a') }} join {{ source('raw', 'b') }} using (id)");
        assertThat(e.issues()).isEmpty();
        assertThat(e.refs()).extracting(RelationRef::kind, RelationRef::sourceName, RelationRef::name)
                .containsExactly(org.assertj.core.api.Assertions.tuple(RelationRef.Kind.MODEL, null, "a"),
                        org.assertj.core.api.Assertions.tuple(RelationRef.Kind.SOURCE, "raw", "b"));
        assertThat(e.sql()).isEqualTo("select * from __packops_rel_0__ join __packops_rel_1__ using (id)");
        assertThat(e.refFor("__packops_rel_1__").displayName()).isEqualTo("raw.b");
        assertThat(e.refFor("orders")).isNull();
    }

    @Test
    void multiLineCallKeepsLaterLinesInPlace() {
        String sql = "select x\nfrom {{ ref(\n  'a'\n) }}\nwhere y = 1";
        var e = TemplateExpander.expand(sql);
        assertThat(e.issues()).isEmpty();
        assertThat(e.sql().lines().count()).isEqualTo(sql.lines().count());
        assertThat(e.sql().lines().toList().get(4)).isEqualTo("where y = 1");
        assertThat(e.refs().get(0).line()).isEqualTo(2);
    }

    @Test
    void versionedAndPackageQualifiedRefs() {
        var e = TemplateExpander.expand("{{ ref('pkg', 'm') }} {{ ref('n', v=2) }} {{ref(\"o\")}}");
        assertThat(e.issues()).isEmpty();
        assertThat(e.refs()).extracting(RelationRef::name).containsExactly("m", "n", "o");
    }

    @Test
    void otherJinjaIsReportedWithItsLine() {
        var e = TemplateExpander.expand("select 1\n{{ config(materialized='table') }}\n{% set x = 1 %}\n{# c #}");
        assertThat(e.issues()).extracting(TemplateExpander.TemplateIssue::line).containsExactly(2, 3, 4);
        assertThat(e.issues().get(0).detail()).contains("config");
    }

    @Test
    void plainBracesInSqlAreNotTemplates() {
        var e = TemplateExpander.expand("select '{a}' as j, array[1] from t");
        assertThat(e.issues()).isEmpty();
        assertThat(e.refs()).isEmpty();
    }

    @Test
    void identifiersCompareByQuoting() {
        assertThat(Identifiers.matches("amount", "AMOUNT")).isTrue();
        assertThat(Identifiers.matches("\"amount\"", "AMOUNT")).isFalse();
        assertThat(Identifiers.matches("\"AMOUNT\"", "AMOUNT")).isTrue();
        assertThat(Identifiers.matches("`Amount`", "amount")).isTrue();
        assertThat(Identifiers.unquote("\"a\"\"b\"")).isEqualTo("a\"b");
    }
}
