package io.packops.alerting.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.SchemaBody;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.servicekit.problem.Problem;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestError;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.schema.SchemaError;
import io.packops.compat.schema.SchemaFormatException;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compat checks on top of pack-compat: one manifest against one schema (the check API), against every
 * current fingerprint of its connector (the release gate), and the cached pairs of the sweep. Compiled
 * packs and schema bodies are kept in small in-memory caches: a pack version's content and a fingerprint's
 * body never change, so neither can go stale.
 */
@ApplicationScoped
public class CompatService {

    /** DESIGN's report problem. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportProblem(String severity, String code, String dashboard, String tile, String kpi, String relation,
                                String column, Integer line, Integer fileLine, String detail, List<String> warehouses) {

        public ReportProblem(String severity, String code, String dashboard, String tile, String kpi, String relation,
                             String column, Integer line, Integer fileLine, String detail) {
            this(severity, code, dashboard, tile, kpi, relation, column, line, fileLine, detail, null);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isError() {
            return "error".equals(severity);
        }

        /** The same problem, found on {@code warehouses} (null: on every warehouse checked, or none is known). */
        public ReportProblem on(List<String> warehouses) {
            return new ReportProblem(severity, code, dashboard, tile, kpi, relation, column, line, fileLine, detail, warehouses);
        }

        /** What makes two reports' problems the same problem (everything but where it was found). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String identity() {
            return String.join("|", severity, code, String.valueOf(dashboard), String.valueOf(tile), String.valueOf(kpi),
                    String.valueOf(relation), String.valueOf(column), String.valueOf(line), String.valueOf(detail));
        }
    }

    /** DESIGN's compatibility report. */
    @RegisterForReflection
    public record Report(String pack, String version, String fingerprint, boolean compatible, List<ReportProblem> problems) {
    }

    @RegisterForReflection
    public record BlastRadius(long accounts, List<String> warehouses, int fingerprints) {
    }

    /**
     * One fingerprint in the gate's answer: {@code accounts} on {@code warehouses} have it (split by warehouse in
     * {@code accountsByWarehouse} when ingest says); it breaks on
     * {@code brokenWarehouses}, which hold {@code brokenAccounts} of them. Each problem names the warehouses it occurs on.
     */
    @RegisterForReflection
    public record GateFingerprint(String fingerprint, long accounts, List<String> warehouses,
                                  Map<String, Long> accountsByWarehouse, boolean compatible,
                                  List<String> brokenWarehouses, long brokenAccounts, List<ReportProblem> problems) {
    }

    /**
     * The gate's answer. {@code blastRadius} sums the breaking fingerprints; {@code totalAccounts} is the
     * connector's whole fleet, {@code blockShare} the configured share a breaking fingerprint must cover to block;
     * {@code comingReleases} what each registered coming release of the connector's dbt packages would do to the
     * version (never blocks: the author fixes the pack before the package ships).
     */
    @RegisterForReflection
    public record GateReport(String verdict, String pack, String version, String connector, BlastRadius blastRadius,
                             long totalAccounts, double blockShare, List<GateFingerprint> fingerprints,
                             List<ComingReleases.ComingRelease> comingReleases) {

        /** The same report with what the coming releases of the connector's dbt packages would do to the version. */
        public GateReport withComingReleases(List<ComingReleases.ComingRelease> coming) {
            return new GateReport(verdict, pack, version, connector, blastRadius, totalAccounts, blockShare, fingerprints,
                    List.copyOf(coming));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMPILED_CACHE = 256;
    private static final int SCHEMA_CACHE = 64;

    @Inject
    IngestClient ingest;
    @Inject
    CompatConfig config;

    private final CompatChecker checker = new CompatChecker();
    private final Map<String, CompiledPack> compiled = lru(COMPILED_CACHE);
    private final Map<String, WarehouseSchema> schemas = lru(SCHEMA_CACHE);
    private final AtomicLong compilations = new AtomicLong();

    // ---- parsing, with line and column -----------------------------------------------------------------

    /**
     * The manifest.
     *
     * @throws InvalidManifest listing every error with its line and column
     */
    public DashboardPack manifest(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidManifest("a pack manifest (YAML) is required",
                    List.of(new Problem.FieldError("manifest", "missing or empty")));
        }
        ManifestResult result = ManifestReader.read(yaml);
        if (!result.isValid()) {
            List<Problem.FieldError> errors = new ArrayList<>();
            for (ManifestError e : result.errors()) {
                String path = e.path() == null || e.path().isEmpty() ? "manifest" : "manifest." + e.path();
                errors.add(new Problem.FieldError(path, "line " + e.line() + ", column " + e.column() + ": " + e.message()));
            }
            throw new InvalidManifest("the manifest is not a valid packops/v1 DashboardPack ("
                    + result.errors().size() + " error" + (result.errors().size() == 1 ? "" : "s") + ")", errors);
        }
        return result.pack();
    }

    /**
     * A schema document (native JSON or dbt catalog) that starts at {@code startLine}:{@code startColumn} of
     * the request body, so that every error points into what the caller sent.
     *
     * @throws InvalidSchema listing every error
     */
    public WarehouseSchema schema(String json, int startLine, int startColumn) {
        try {
            return SchemaReader.read(json);
        } catch (SchemaFormatException e) {
            List<Problem.FieldError> errors = new ArrayList<>();
            for (SchemaError err : e.errors()) {
                String where = "";
                if (err.hasLocation()) {
                    int line = startLine + err.line() - 1;
                    int column = err.line() == 1 ? startColumn + err.column() - 1 : err.column();
                    where = "line " + line + ", column " + column + ": ";
                }
                errors.add(new Problem.FieldError("schema" + err.pointer(), where + err.message()));
            }
            throw new InvalidSchema("the schema is not a valid native schema or dbt catalog ("
                    + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ")", errors);
        }
    }

    // ---- check and gate ----------------------------------------------------------------------------------

    public Report check(DashboardPack pack, WarehouseSchema schema) {
        return report(checker.check(compile(pack, null), schema));
    }

    /**
     * Checks against a fingerprint ingest knows.
     *
     * @throws UnknownFingerprint when it does not
     */
    public Report checkFingerprint(DashboardPack pack, String fingerprint) {
        WarehouseSchema schema = schemaOf(fingerprint, pack.connector(), List.of());
        if (schema == null) {
            throw new UnknownFingerprint(fingerprint);
        }
        return check(pack, schema);
    }

    /** The release gate: the manifest against every current fingerprint of its connector. */
    public GateReport gate(DashboardPack pack) {
        IngestClient.Fleet fleet = ingest.fleet(pack.connector());
        CompiledPack compiledPack = compile(pack, null);
        double blockShare = config.gate().blockShare();
        List<GateFingerprint> out = new ArrayList<>();
        long brokenAccounts = 0;
        int brokenFingerprints = 0;
        TreeSet<String> brokenWarehouses = new TreeSet<>();
        boolean block = false;
        for (SchemaGroup group : fleet.fingerprints()) {
            WarehouseSchema body = schemaOf(group.fingerprint(), pack.connector(), group.warehouses());
            if (body == null) {
                // listed as current a moment ago but its body is gone: the fleet changed under us, ask again later
                throw new IngestUnavailable(
                        "ingest-service listed fingerprint " + group.fingerprint() + " but has no body for it", null);
            }
            Map<String, List<ReportProblem>> byWarehouse = new TreeMap<>();
            for (String warehouse : FingerprintVerdict.warehousesOf(group)) {
                byWarehouse.put(warehouse, checkOn(compiledPack, group.fingerprint(), body, warehouse).problems());
            }
            FingerprintVerdict verdict = new FingerprintVerdict(group, byWarehouse);
            out.add(new GateFingerprint(group.fingerprint(), group.accounts(), sorted(group.warehouses()),
                    group.accountsByWarehouse(), verdict.compatible(),
                    verdict.brokenWarehouses().stream().filter(w -> !w.isEmpty()).toList(), verdict.brokenAccounts(),
                    verdict.problems()));
            if (!verdict.compatible()) {
                brokenAccounts += verdict.brokenAccounts();
                brokenFingerprints++;
                verdict.brokenWarehouses().stream().filter(w -> !w.isEmpty()).forEach(brokenWarehouses::add);
                double share = fleet.totalAccounts() == 0 ? 1.0 : (double) verdict.brokenAccounts() / fleet.totalAccounts();
                block |= share >= blockShare;
            }
        }
        return new GateReport(block ? "block" : "pass", pack.name(), pack.version(), pack.connector(),
                new BlastRadius(brokenAccounts, List.copyOf(brokenWarehouses), brokenFingerprints),
                fleet.totalAccounts(), blockShare, out, List.of());
    }

    /**
     * One pack version against one fingerprint's body on one warehouse (its SQL dialect); {@code ""} or null when the
     * warehouse is unknown (PostgreSQL's rules, the strictest).
     */
    public Report checkOn(CompiledPack pack, String fingerprint, WarehouseSchema body, String warehouse) {
        WarehouseSchema member = warehouse == null || warehouse.isEmpty() ? body
                : body.withEnvelope(null, body.connector(), warehouse, null);
        CompatReport report = checker.check(pack, member);
        return new Report(report.pack(), report.version(), fingerprint, report.compatible(), problems(report));
    }

    // ---- caches --------------------------------------------------------------------------------------------

    /**
     * The compiled pack for a manifest; {@code contentKey} (e.g. ingest's content hash) identifies the content,
     * else a hash of the parsed pack's name, version and manifest text is used by the caller.
     */
    public CompiledPack compile(DashboardPack pack, String contentKey) {
        if (contentKey == null) {
            compilations.incrementAndGet();
            return CompiledPack.compile(pack);
        }
        synchronized (compiled) {
            CompiledPack hit = compiled.get(contentKey);
            if (hit != null) {
                return hit;
            }
        }
        compilations.incrementAndGet();
        CompiledPack fresh = CompiledPack.compile(pack);
        synchronized (compiled) {
            compiled.put(contentKey, fresh);
        }
        return fresh;
    }

    /** A fingerprint's schema body from ingest (cached; a body never changes); null when ingest has none. */
    public WarehouseSchema schemaOf(String fingerprint, String connector, List<String> warehouses) {
        synchronized (schemas) {
            WarehouseSchema hit = schemas.get(fingerprint);
            if (hit != null) {
                return hit;
            }
        }
        SchemaBody body = ingest.schema(fingerprint).orElse(null);
        if (body == null) {
            return null;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("relations", body.relations());
        WarehouseSchema parsed = SchemaReader.read(wrapped.toString());
        WarehouseSchema schema = new WarehouseSchema(null, connector, null, null, parsed.relations(), fingerprint);
        synchronized (schemas) {
            schemas.put(fingerprint, schema);
        }
        return schema;
    }

    /** How many packs were compiled since start (tests: a second sweep compiles nothing). */
    public long compilations() {
        return compilations.get();
    }

    // ---- mapping ---------------------------------------------------------------------------------------------

    static List<ReportProblem> problems(CompatReport report) {
        return report.problems().stream().map(p -> new ReportProblem(p.severity().wireName(), p.code(), p.dashboard(),
                p.tile(), p.kpi(), p.relation(), p.column(), p.line(), p.fileLine(), p.detail())).toList();
    }

    private Report report(CompatReport report) {
        return new Report(report.pack(), report.version(), report.fingerprint(), report.compatible(), problems(report));
    }

    public static String toJson(List<ReportProblem> problems) {
        try {
            return JSON.writeValueAsString(problems);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<ReportProblem> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<ReportProblem>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cached problems", e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }

    private static <K, V> Map<K, V> lru(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }
}
