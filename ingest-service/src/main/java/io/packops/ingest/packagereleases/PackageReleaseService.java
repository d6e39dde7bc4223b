package io.packops.ingest.packagereleases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.compat.manifest.SemVer;
import io.packops.compat.manifest.Slugs;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.SchemaError;
import io.packops.compat.schema.SchemaFormatException;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.Conflict;
import io.packops.ingest.system.InvalidDocument;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.RequestChecks;
import io.packops.ingest.packs.PackRegistry;
import io.packops.ingest.schemas.SchemaSnapshotService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers a coming release of a connector's dbt package: {@code {connector, package, version, catalog}}, the
 * catalog being the release's {@code catalog.json} (or the native schema JSON). Every invalid field is reported at
 * once (422); the same release registered again with the same catalog is a retry (200), with another catalog a 409:
 * a release's catalog never changes, so alerts computed from it stay true.
 */
@ApplicationScoped
public class PackageReleaseService {

    public record Registered(PackageRelease release, boolean created) {
    }

    @Inject
    PackageReleaseRepository repository;
    @Inject
    SchemaSnapshotService snapshots;
    @Inject
    ObjectMapper mapper;
    @Inject
    Clock clock;

    @Transactional
    public Registered register(String json, String registeredBy) {
        JsonNode root = parse(json);
        List<FieldError> errors = new ArrayList<>();
        String connector = text(root, "connector", errors);
        if (connector != null && Slugs.slugError(connector) != null) {
            errors.add(new FieldError("/connector", Slugs.slugError(connector)));
        }
        String packageName = text(root, "package", errors);
        if (packageName != null && !RequestChecks.DBT_PACKAGE.matcher(packageName).matches()) {
            errors.add(new FieldError("/package", "expected a dbt package name such as fivetran/stripe or dbt_stripe:"
                    + " lower-case letters, digits, _ . -, at most one /, found \"" + packageName + "\""));
        }
        String version = text(root, "version", errors);
        if (version != null && SemVer.semverError(version) != null) {
            errors.add(new FieldError("/version", SemVer.semverError(version)));
        }
        WarehouseSchema catalog = catalog(root.get("catalog"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidDocument("the package release is invalid: " + errors.size()
                    + (errors.size() == 1 ? " error" : " errors"), errors);
        }
        String versionKey = PackRegistry.versionKey(SemVer.parse(version));
        int models = (int) catalog.relations().stream().filter(r -> r.kind() == RelationKind.MODEL).count();
        int columns = catalog.relations().stream().mapToInt(r -> r.columns().size()).sum();
        PackageRelease release = new PackageRelease(0, connector, packageName, version, catalog.fingerprint(), models,
                catalog.relations().size(), columns, registeredBy, clock.instant().truncatedTo(ChronoUnit.MICROS), null);
        Optional<Long> id = repository.insert(release, versionKey, snapshots.body(catalog));
        if (id.isPresent()) {
            return new Registered(repository.byId(id.get()).orElseThrow().withoutRelations(), true);
        }
        PackageRelease existing = repository.byVersionKey(connector, packageName, versionKey).orElseThrow(
                () -> new IllegalStateException("package release conflicted but is not there"));
        if (!existing.fingerprint().equals(catalog.fingerprint())) {
            throw new Conflict(packageName + " " + existing.version() + " of " + connector + " is already"
                    + " registered with another catalog (" + existing.fingerprint() + "); a release's catalog never"
                    + " changes: register the corrected catalog as a new version");
        }
        return new Registered(existing, false);
    }

    private JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInput("the request body is empty: expected a package release",
                    List.of(new FieldError("", "expected a JSON object with connector, package, version and catalog")));
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInput("the package release is not valid JSON", List.of(new FieldError("",
                    "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                            + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInput("the package release must be a JSON object",
                    List.of(new FieldError("", "expected a JSON object with connector, package, version and catalog")));
        }
        return root;
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            errors.add(new FieldError("/" + field, "missing \"" + field + "\": required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError("/" + field, "must be a string, found " + value.getNodeType().name().toLowerCase()));
            return null;
        }
        return value.asText();
    }

    /** The catalog read by pack-compat, its errors pointing into {@code /catalog}; it must hold dbt models. */
    private static WarehouseSchema catalog(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("/catalog", "missing \"catalog\": the release's dbt catalog.json, as a JSON object"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/catalog", "must be a JSON object (the release's catalog.json)"));
            return null;
        }
        WarehouseSchema schema;
        try {
            schema = SchemaReader.read(node.toString());
        } catch (SchemaFormatException e) {
            for (SchemaError err : e.errors()) {
                errors.add(new FieldError("/catalog" + err.pointer(), err.message()));
            }
            return null;
        }
        if (schema.relations().stream().noneMatch(r -> r.kind() == RelationKind.MODEL)) {
            errors.add(new FieldError("/catalog", "has no dbt models: a package release is compared by its models"));
            return null;
        }
        return schema;
    }
}
