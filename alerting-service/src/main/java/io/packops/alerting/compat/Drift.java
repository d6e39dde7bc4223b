package io.packops.alerting.compat;

import io.packops.alerting.alerts.Observation;
import io.packops.alerting.compat.CompatService.ReportProblem;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.PackVersion;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Connector schema drift: the missing relations/columns of one connector that break at least {@code drift-min-packs}
 * packs, as one {@code connector-schema-drift} observation naming the packs. The per-version alerts it explains are
 * inhibited by it (Alertmanager semantics): recorded, not paged.
 *
 * @param packsByRef    missing ref (relation, or relation.column) -> the packs it breaks
 * @param accountsByRef missing ref -> the accounts of the fingerprints it breaks
 * @param fingerprints  the fingerprints any of these refs break
 */
record Drift(Map<String, Set<String>> packsByRef, Map<String, Long> accountsByRef, Set<String> fingerprints) {

    static final String RULE = "connector-schema-drift";

    /** True when every error of {@code breaks} is one of this drift's missing refs. */
    boolean covers(List<FingerprintVerdict> breaks) {
        for (FingerprintVerdict b : breaks) {
            for (ReportProblem p : b.problems()) {
                if (p.isError() && !packsByRef.containsKey(refOf(p))) {
                    return false;
                }
            }
        }
        return true;
    }

    Observation observation(String connector, IngestClient.Fleet fleet) {
        TreeSet<String> packs = new TreeSet<>();
        packsByRef.values().forEach(packs::addAll);
        long accounts = accountsByRef.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("packs", List.copyOf(packs));
        details.put("missing", new TreeMap<>(packsByRef.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(new TreeSet<>(e.getValue()))))));
        details.put("accounts", accounts);
        details.put("totalAccounts", fleet.totalAccounts());
        details.put("fingerprints", List.copyOf(new TreeSet<>(fingerprints)));
        String summary = connector + " schema drift breaks " + packs.size() + " packs (" + String.join(", ", packs)
                + "): missing " + String.join(", ", new TreeSet<>(packsByRef.keySet())) + " on up to " + accounts + " of "
                + fleet.totalAccounts() + " accounts";
        return new Observation(RULE, Map.of("connector", connector), "critical", summary, details, true);
    }

    /** The clear observation of a connector without drift. */
    static Observation none(String connector) {
        return new Observation(RULE, Map.of("connector", connector), "critical",
                "no connector schema drift for " + connector, Map.of(), false);
    }

    static String dedupKey(String connector) {
        return new Observation(RULE, Map.of("connector", connector), null, null, null, true).dedupKey();
    }

    /** The drift of each connector among the broken versions (connector -> drift), where at least {@code minPacks} break. */
    static Map<String, Drift> find(Map<PackVersion, List<FingerprintVerdict>> broken, Function<PackVersion, String> connectorOf,
                                   int minPacks) {
        // connector -> missing ref -> packs it breaks / accounts per fingerprint
        Map<String, Map<String, Set<String>>> packs = new TreeMap<>();
        Map<String, Map<String, Map<String, Long>>> accounts = new TreeMap<>();
        for (Map.Entry<PackVersion, List<FingerprintVerdict>> e : broken.entrySet()) {
            String connector = connectorOf.apply(e.getKey());
            for (FingerprintVerdict b : e.getValue()) {
                for (ReportProblem p : b.problems()) {
                    if (p.isError() && ("MISSING_RELATION".equals(p.code()) || "MISSING_COLUMN".equals(p.code()))) {
                        String ref = refOf(p);
                        packs.computeIfAbsent(connector, k -> new TreeMap<>()).computeIfAbsent(ref, k -> new TreeSet<>())
                                .add(e.getKey().pack());
                        accounts.computeIfAbsent(connector, k -> new TreeMap<>()).computeIfAbsent(ref, k -> new TreeMap<>())
                                .put(b.group().fingerprint(), b.accountsOf(p.warehouses()));
                    }
                }
            }
        }
        Map<String, Drift> out = new HashMap<>();
        int min = Math.max(2, minPacks);
        packs.forEach((connector, byRef) -> {
            Map<String, Set<String>> wide = new TreeMap<>();
            Map<String, Long> refAccounts = new TreeMap<>();
            Set<String> fingerprints = new TreeSet<>();
            byRef.forEach((ref, refPacks) -> {
                if (refPacks.size() >= min) {
                    wide.put(ref, refPacks);
                    Map<String, Long> perFp = accounts.get(connector).get(ref);
                    refAccounts.put(ref, perFp.values().stream().mapToLong(Long::longValue).sum());
                    fingerprints.addAll(perFp.keySet());
                }
            });
            if (!wide.isEmpty()) {
                out.put(connector, new Drift(wide, refAccounts, fingerprints));
            }
        });
        return out;
    }

    static String refOf(ReportProblem p) {
        String relation = p.relation() == null ? "?" : p.relation().toLowerCase(Locale.ROOT);
        return "MISSING_RELATION".equals(p.code()) || p.column() == null ? relation
                : relation + "." + p.column().toLowerCase(Locale.ROOT);
    }
}
