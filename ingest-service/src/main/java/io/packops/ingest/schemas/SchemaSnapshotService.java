package io.packops.ingest.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.SchemaError;
import io.packops.compat.schema.SchemaFormatException;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.ingest.system.IngestConfig;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.InvalidDocument;
import io.packops.ingest.system.RequestChecks;
import io.packops.ingest.schemas.SchemaViews.SnapshotAccepted;
import io.packops.ingest.schemas.SchemaViews.DbtPackage;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads a snapshot with pack-compat, stores its normalised relations once per fingerprint, records the
 * snapshot and moves the account's current schema forward (never back).
 */
@ApplicationScoped
public class SchemaSnapshotService {

    /** A stored snapshot, and whether it is new (201) or a retry of one already stored (200). */
    public record Recorded(SnapshotAccepted view, boolean created) {
    }

    private static final Comparator<Relation> RELATION_ORDER = Comparator
            .comparing((Relation r) -> r.kind().wireName())
            .thenComparing(r -> r.sourceName() == null ? "" : r.sourceName().toLowerCase(Locale.ROOT))
            .thenComparing(r -> r.name().toLowerCase(Locale.ROOT))
            .thenComparing(Relation::name);

    @Inject
    SchemaRepository repository;
    @Inject
    IngestConfig config;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper mapper;

    @Transactional
    public Recorded record(String json) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WarehouseSchema schema = read(json);
        Instant capturedAt = capturedAt(schema, now);
        DbtPackage dbtPackage = dbtPackage(json);

        String fingerprint = schema.fingerprint();
        int relationCount = schema.relations().size();
        int columnCount = schema.relations().stream().mapToInt(r -> r.columns().size()).sum();
        if (!repository.bodyExists(fingerprint)) {
            repository.insertBody(fingerprint, relationCount, columnCount, body(schema), now);
        }
        SchemaRepository.StoredSnapshot stored = repository.insertSnapshot(schema.accountId(), schema.connector(),
                schema.warehouse(), capturedAt, now, fingerprint, dbtPackage);
        boolean current = repository.makeCurrentUnlessOlder(schema.accountId(), schema.connector(), schema.warehouse(),
                fingerprint, stored.id(), capturedAt, stored.receivedAt(), dbtPackage);
        if (!current) {
            Log.debugf("snapshot %s of %s/%s arrived after a newer one; kept as history only",
                    stored.id(), schema.accountId(), schema.connector());
        }
        return new Recorded(new SnapshotAccepted(stored.id(), fingerprint, schema.accountId(), schema.connector(),
                schema.warehouse(), capturedAt, stored.receivedAt(), relationCount, columnCount, current, dbtPackage),
                stored.created());
    }

    /**
     * Parses with pack-compat: malformed JSON is a 400; a well-formed document that is not a valid
     * snapshot (bad relations, missing or invalid envelope fields) is a 422 listing every error.
     */
    private WarehouseSchema read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInput("the request body is empty: expected a schema snapshot",
                    List.of(new FieldError("", "expected a JSON object with accountId, connector, warehouse and relations or dbtCatalog")));
        }
        List<FieldError> errors = new ArrayList<>();
        WarehouseSchema schema = null;
        try {
            schema = SchemaReader.read(json);
        } catch (SchemaFormatException e) {
            if (e.errors().size() == 1 && e.errors().get(0).message().startsWith("malformed JSON")) {
                throw new InvalidInput("the schema snapshot is not valid JSON", List.of(field(e.errors().get(0))));
            }
            e.errors().forEach(error -> errors.add(field(error)));
        }
        // pack-compat treats the envelope as optional; a snapshot needs it, so missing fields come first.
        JsonNode root = schema == null ? tree(json) : null;
        List<FieldError> envelope = new ArrayList<>();
        String accountId = schema != null ? schema.accountId() : text(root, "accountId");
        requireEnvelope(envelope, errors, "accountId", accountId);
        requireEnvelope(envelope, errors, "connector", schema != null ? schema.connector() : text(root, "connector"));
        requireEnvelope(envelope, errors, "warehouse", schema != null ? schema.warehouse() : text(root, "warehouse"));
        String accountError = accountId == null ? null : RequestChecks.accountIdError(accountId);
        if (accountError != null && errors.stream().noneMatch(e -> e.field().equals("/accountId"))) {
            envelope.add(new FieldError("/accountId", accountError));
        }
        errors.addAll(0, envelope);
        if (!errors.isEmpty()) {
            throw new InvalidDocument("the schema snapshot is invalid: " + errors.size()
                    + (errors.size() == 1 ? " error" : " errors"), errors);
        }
        return schema;
    }

    private static void requireEnvelope(List<FieldError> missing, List<FieldError> reported, String field, String value) {
        if (value == null && reported.stream().noneMatch(e -> e.field().equals("/" + field))) {
            missing.add(new FieldError("/" + field, "missing \"" + field + "\": required in a snapshot"));
        }
    }

    private Instant capturedAt(WarehouseSchema schema, Instant now) {
        if (schema.capturedAt() == null) {
            return now;
        }
        Instant capturedAt = OffsetDateTime.parse(schema.capturedAt().toUpperCase(Locale.ROOT)).toInstant()
                .truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        if (capturedAt.isAfter(now.plus(config.maxFutureSkew()))) {
            throw new InvalidDocument("the schema snapshot is invalid: 1 error", List.of(new FieldError(
                    "/capturedAt", "\"" + schema.capturedAt() + "\" is more than " + config.maxFutureSkew().toMinutes()
                            + " minutes in the future (now " + now + ")")));
        }
        return capturedAt;
    }

    /**
     * The relations as served by GET /v1/schemas, sorted by kind, source and name; columns as declared. Public for
     * package releases, whose catalogs are stored the same way.
     */
    public String body(WarehouseSchema schema) {
        ArrayNode relations = mapper.createArrayNode();
        List<Relation> sorted = new ArrayList<>(schema.relations());
        sorted.sort(RELATION_ORDER);
        for (Relation r : sorted) {
            ObjectNode relation = relations.addObject().put("name", r.name()).put("kind", r.kind().wireName());
            if (r.kind() == RelationKind.SOURCE && r.sourceName() != null) {
                relation.put("source", r.sourceName());
            }
            ArrayNode columns = relation.putArray("columns");
            for (Column c : r.columns()) {
                columns.addObject().put("name", c.name()).put("type", c.type()).put("family", c.family().wireName());
            }
        }
        try {
            return mapper.writeValueAsString(relations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /**
     * The dbt package version the account runs: the installer's envelope {@code "dbtPackage": {"name", "version"}}
     * (invalid: 422), else the catalog's {@code metadata.env}, where dbt puts the {@code DBT_ENV_CUSTOM_ENV_*} variables
     * of the run that generated it ({@code DBT_PACKAGE}, {@code DBT_PACKAGE_VERSION}; ignored when malformed, as the
     * catalog is the customer's). Null when neither says it.
     */
    private DbtPackage dbtPackage(String json) {
        JsonNode root = tree(json);
        JsonNode declared = root == null ? null : root.get("dbtPackage");
        if (declared != null && !declared.isNull()) {
            String name = declared.path("name").isTextual() ? declared.path("name").asText() : null;
            String version = declared.path("version").isTextual() ? declared.path("version").asText() : null;
            List<FieldError> errors = new ArrayList<>();
            if (name == null || !RequestChecks.DBT_PACKAGE.matcher(name).matches()) {
                errors.add(new FieldError("/dbtPackage/name", "expected the dbt package's name as a string, such as"
                        + " fivetran/stripe or dbt_stripe"));
            }
            if (version == null || !PACKAGE_VERSION.matcher(version).matches()) {
                errors.add(new FieldError("/dbtPackage/version", "expected the package's version as a string, such as"
                        + " 0.14.0 (at most 100 characters, no spaces)"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidDocument("the schema snapshot is invalid: " + errors.size()
                        + (errors.size() == 1 ? " error" : " errors"), errors);
            }
            return new DbtPackage(name, version);
        }
        JsonNode env = root == null ? null : root.path("dbtCatalog").path("metadata").path("env");
        if (env == null || !env.isObject()) {
            return null;
        }
        String name = env.path("DBT_ENV_CUSTOM_ENV_DBT_PACKAGE").asText("");
        String version = env.path("DBT_ENV_CUSTOM_ENV_DBT_PACKAGE_VERSION").asText("");
        if (!RequestChecks.DBT_PACKAGE.matcher(name).matches() || !PACKAGE_VERSION.matcher(version).matches()) {
            return null;
        }
        return new DbtPackage(name, version);
    }

    private static final java.util.regex.Pattern PACKAGE_VERSION = java.util.regex.Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,99}");

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null; // pack-compat already reported why
        }
    }

    private static String text(JsonNode root, String field) {
        if (root == null || !root.isObject()) {
            return "x"; // not an object: pack-compat's error says so, no need to list missing fields
        }
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : "x"; // a non-string is reported
    }

    private static FieldError field(SchemaError error) {
        String where = error.hasLocation() ? "line " + error.line() + ", column " + error.column() + ": " : "";
        return new FieldError(error.pointer(), where + error.message());
    }
}
