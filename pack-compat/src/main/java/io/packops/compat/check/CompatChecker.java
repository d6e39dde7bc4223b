package io.packops.compat.check;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;

import java.util.Collection;

/** Entry point: parse a pack once, resolve it against schemas. (Implementation pending.) */
public final class CompatChecker {

    public CompatReport check(DashboardPack pack, WarehouseSchema schema) {
        throw new UnsupportedOperationException("pending");
    }

    public FleetReport checkFleet(DashboardPack pack, Collection<WarehouseSchema> schemas) {
        throw new UnsupportedOperationException("pending");
    }
}
