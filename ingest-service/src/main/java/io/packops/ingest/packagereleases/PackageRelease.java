package io.packops.ingest.packagereleases;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A registered release of a connector's dbt package. {@code relations} is its catalog as {@code GET /v1/schemas}
 * serves a schema ({@code [{name, kind, source?, columns: [{name, type, family}]}]}); absent in lists.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackageRelease(long id, String connector, String packageName, String version, String fingerprint,
                             int models, int relationCount, int columnCount, String registeredBy,
                             Instant registeredAt, @JsonRawValue String relations) {

    /** As lists and the registration answer show it: the catalog is fetched by id. */
    public PackageRelease withoutRelations() {
        return new PackageRelease(id, connector, packageName, version, fingerprint, models, relationCount, columnCount,
                registeredBy, registeredAt, null);
    }
}
