package io.packops.compat.upgrade;

import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.WarehouseSchema;

import java.util.Arrays;
import java.util.List;

/** Small hand-made schemas: {@code model("orders", "id integer", "amount numeric(18,2)")}. */
final class Schemas {

    private Schemas() {
    }

    static WarehouseSchema schema(Relation... relations) {
        return WarehouseSchema.of(List.of(relations));
    }

    static Relation model(String name, String... columns) {
        return new Relation(name, RelationKind.MODEL, null, columns(columns));
    }

    static Relation source(String source, String name, String... columns) {
        return new Relation(name, RelationKind.SOURCE, source, columns(columns));
    }

    /** {@code "name type"}: the first word is the name, the rest the type. */
    private static List<Column> columns(String... columns) {
        return Arrays.stream(columns).map(c -> {
            int space = c.indexOf(' ');
            return Column.of(c.substring(0, space), c.substring(space + 1));
        }).toList();
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
