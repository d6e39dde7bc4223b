package io.packops.ingest.repository;

import io.packops.ingest.service.StatsPlan;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/** What the plain-JDBC repositories share: UTC timestamps both ways, and time ranges of raw events. */
final class Jdbc {

    private Jdbc() {
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** {@code occurred_at} in any of the half-open ranges, parenthesised; bind with {@link #bindRanges}. */
    static String rangeCondition(List<StatsPlan.Range> ranges) {
        return ranges.stream().map(r -> "(occurred_at >= ? and occurred_at < ?)")
                .collect(Collectors.joining(" or ", "(", ")"));
    }

    /** Binds the ranges of {@link #rangeCondition} from parameter {@code i}; returns the next parameter index. */
    static int bindRanges(PreparedStatement ps, int i, List<StatsPlan.Range> ranges) throws SQLException {
        for (StatsPlan.Range r : ranges) {
            ps.setObject(i++, odt(r.from()));
            ps.setObject(i++, odt(r.to()));
        }
        return i;
    }
}
