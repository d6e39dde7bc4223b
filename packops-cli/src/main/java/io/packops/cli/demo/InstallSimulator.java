package io.packops.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.Problem;
import io.packops.compat.manifest.Dashboard;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.Tile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens when an account installs a pack version, as the installer would report it (DESIGN "Telemetry
 * events"): the outcome comes from pack-compat's real check of the version against the account's schema, and a
 * failure reads like its warehouse's own error for the first missing column. A compatible install still fails
 * now and then at run time (timeouts, permissions), as real ones do. Renders follow successful installs.
 */
public final class InstallSimulator {

    private final CompatChecker checker = new CompatChecker();
    private final Map<String, CompiledPack> compiled = new ConcurrentHashMap<>();
    private final Map<String, CompatReport> reports = new ConcurrentHashMap<>();
    private final Random random;
    private final double transientFailureRate;
    private final double renderErrorRate;

    public InstallSimulator(long seed, double transientFailureRate, double renderErrorRate) {
        this.random = new Random(seed);
        this.transientFailureRate = transientFailureRate;
        this.renderErrorRate = renderErrorRate;
    }

    /** The pack-compat verdict for this account's schema and manifest (cached per fingerprint, version and warehouse). */
    public CompatReport check(DemoFleet.Account account, String manifest) {
        CompiledPack pack = compiled.computeIfAbsent(manifest, m -> CompiledPack.compile(ManifestReader.read(m).pack()));
        String key = account.schema().fingerprint() + "|" + pack.pack().name() + "@" + pack.pack().version() + "|" + account.warehouse();
        return reports.computeIfAbsent(key, k -> checker.check(pack, account.schema()));
    }

    /** One install event (plus its renders when it succeeded) at {@code at}. */
    public synchronized List<ObjectNode> install(DemoFleet.Account account, String manifest, Instant at) {
        CompatReport report = check(account, manifest);
        DashboardPack pack = compiled.get(manifest).pack();
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode install = base("install", account, pack, at);
        install.put("durationMs", 2_000 + random.nextInt(9_000));
        Problem broken = report.problems().stream().filter(Problem::isError).findFirst().orElse(null);
        if (broken != null) {
            install.put("outcome", "failed").put("stage", "compile");
            String[] error = compileError(account.warehouse(), broken, random);
            install.put("errorCode", error[0]).put("errorMessage", error[1]);
            if (broken.dashboard() != null) {
                install.put("dashboard", broken.dashboard());
            }
            if (broken.tile() != null) {
                install.put("tile", broken.tile());
            }
            events.add(install);
            return events;
        }
        if (random.nextDouble() < transientFailureRate) {
            String[] error = runError(account.warehouse());
            install.put("outcome", "failed").put("stage", "run").put("errorCode", error[0]).put("errorMessage", error[1]);
            events.add(install);
            return events;
        }
        install.put("outcome", "succeeded").put("stage", "run");
        events.add(install);
        events.addAll(renders(account, pack, at.plusSeconds(5)));
        return events;
    }

    /** A user opening one dashboard: a render per tile. */
    public synchronized List<ObjectNode> renders(DemoFleet.Account account, DashboardPack pack, Instant at) {
        List<ObjectNode> out = new ArrayList<>();
        Dashboard d = pack.dashboards().get(random.nextInt(pack.dashboards().size()));
        for (Tile t : d.tiles()) {
            ObjectNode r = base("render", account, pack, at).put("dashboard", d.id()).put("tile", t.id())
                    .put("durationMs", 200 + random.nextInt(2_500));
            if (random.nextDouble() < renderErrorRate) {
                r.put("outcome", "failed").put("errorCode", "QUERY_TIMEOUT")
                        .put("errorMessage", "query exceeded the dashboard timeout of 60 seconds");
            } else {
                r.put("outcome", "succeeded");
            }
            out.add(r);
        }
        return out;
    }

    public DashboardPack pack(String manifest) {
        return compiled.computeIfAbsent(manifest, m -> CompiledPack.compile(ManifestReader.read(m).pack())).pack();
    }

    private static ObjectNode base(String type, DemoFleet.Account a, DashboardPack pack, Instant at) {
        ObjectNode e = Api.JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString()).put("type", type).put("occurredAt", at.toString())
                .put("accountId", a.id()).put("connector", a.connector()).put("pack", pack.name())
                .put("packVersion", pack.version()).put("warehouse", a.warehouse());
        return e;
    }

    /** {errorCode, errorMessage} as each warehouse words an unknown column or table. */
    static String[] compileError(String warehouse, Problem p, Random random) {
        String name = p.column() != null ? p.column() : p.relation() != null ? p.relation() : "unknown";
        boolean column = p.column() != null;
        int line = p.line() == null ? 1 : p.line();
        int pos = 1 + random.nextInt(40);
        return switch (warehouse) {
            case "snowflake" -> new String[]{column ? "000904" : "002003",
                    "SQL compilation error: error line " + line + " at position " + pos + "\n"
                            + (column ? "invalid identifier '" + name.toUpperCase(java.util.Locale.ROOT) + "'"
                            : "Object '" + name.toUpperCase(java.util.Locale.ROOT) + "' does not exist or not authorized.")
                            + " (query " + UUID.randomUUID() + ")"};
            case "bigquery" -> new String[]{"invalidQuery", column
                    ? "Unrecognized name: " + name + " at [" + line + ":" + pos + "]"
                    : "Not found: Table analytics." + name + " was not found in location US"};
            case "databricks" -> new String[]{column ? "UNRESOLVED_COLUMN.WITH_SUGGESTION" : "TABLE_OR_VIEW_NOT_FOUND",
                    column ? "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `" + name
                            + "` cannot be resolved. SQLSTATE: 42703; line " + line + " pos " + pos
                            : "[TABLE_OR_VIEW_NOT_FOUND] The table or view `" + name + "` cannot be found. SQLSTATE: 42P01"};
            default -> new String[]{column ? "42703" : "42P01", column
                    ? "ERROR: column \"" + name + "\" does not exist\n  Position: " + pos
                    : "ERROR: relation \"" + name + "\" does not exist"};
        };
    }

    private static String[] runError(String warehouse) {
        return switch (warehouse) {
            case "snowflake" -> new String[]{"000630", "Statement reached its statement or warehouse timeout of 600 second(s) and was canceled."};
            case "bigquery" -> new String[]{"rateLimitExceeded", "Exceeded rate limits: too many concurrent queries for this project"};
            case "databricks" -> new String[]{"CLUSTER_NOT_READY", "The SQL warehouse is starting; retry in a few minutes."};
            default -> new String[]{"57014", "ERROR: canceling statement due to statement timeout"};
        };
    }
}
