package io.packops.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics that {@code deploy/prometheus/*.yaml} (PrometheusRule and recording expressions) and
 * {@code deploy/grafana/*.json} (dashboard targets) query, with the {@code job} each selector names. Each service's
 * test compares the references to its own job with what its running {@code /q/metrics} exports, so a rule or a
 * panel cannot watch a metric nobody exports. Every metric in an expression must be a selector naming its job
 * ({@code packops_outbox_backlog{job="alerting-service"}}, or {@code job=~"a|b"} naming several): that is how a
 * reference is attributed to a service,
 * and it is what the ServiceMonitors' job label gives on a real Prometheus.
 */
public final class MonitoringReferences {

    /** The jobs of the three services (the ServiceMonitors' job label is the Service name). */
    public static final Set<String> JOBS = Set.of("ingest-service", "alerting-service", "ownership-service");
    /** Series Prometheus makes up itself per target: never in a service's exposition. */
    static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    /** PromQL words that are not metric names: functions, aggregations, modifiers, keywords. */
    static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "rate", "irate", "increase", "delta", "idelta", "deriv", "time",
            "vector", "scalar", "abs", "absent", "absent_over_time", "ceil", "floor", "round", "clamp", "clamp_min",
            "clamp_max", "histogram_quantile", "label_replace", "label_join", "changes", "resets", "timestamp",
            "max_over_time", "min_over_time", "avg_over_time", "sum_over_time", "count_over_time", "last_over_time",
            "present_over_time", "quantile_over_time", "sort", "sort_desc", "predict_linear", "inf", "nan");

    /** One metric an expression queries, with the job its selector names (null when it names none). */
    public record Reference(String file, String expr, String metric, String job) {
    }

    private static final Pattern JSON_EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern YAML_EXPR = Pattern.compile("^\\s*(?:- )?expr:\\s*(.*)$");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("(?:^|,)\\s*job\\s*(=~|=)\\s*\"([^\"]*)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private MonitoringReferences() {
    }

    /** The repository root: the working directory or the nearest parent holding {@code deploy/}. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (a directory with deploy/ and pom.xml) above "
                + Path.of("").toAbsolutePath());
    }

    /** Every metric referenced by the PrometheusRules and the Grafana dashboards under {@code root/deploy}. */
    public static List<Reference> read(Path root) {
        List<Reference> refs = new ArrayList<>();
        for (Path file : files(root.resolve("deploy/prometheus"), ".yaml", ".yml")) {
            for (String expr : yamlExpressions(text(file))) {
                refs.addAll(references(root.relativize(file).toString(), expr));
            }
        }
        for (Path file : files(root.resolve("deploy/grafana"), ".json")) {
            Matcher m = JSON_EXPR.matcher(text(file));
            while (m.find()) {
                String expr = m.group(1).replace("\\\"", "\"").replace("\\n", " ").replace("\\\\", "\\");
                refs.addAll(references(root.relativize(file).toString(), expr));
            }
        }
        return refs;
    }

    /** The metrics one PromQL expression queries. */
    public static List<Reference> references(String file, String expr) {
        List<Reference> refs = new ArrayList<>();
        Matcher s = SELECTOR.matcher(expr);
        StringBuilder rest = new StringBuilder();
        while (s.find()) {
            Matcher job = JOB.matcher(s.group(2));
            if (!job.find()) {
                refs.add(new Reference(file, expr, s.group(1), null));
            } else if (job.group(1).equals("=")) {
                refs.add(new Reference(file, expr, s.group(1), job.group(2)));
            } else {
                // job=~"a|b": an alternation of plain job names, each a reference (a pattern attributes to nobody)
                for (String alternative : job.group(2).split("\\|")) {
                    refs.add(new Reference(file, expr, s.group(1), alternative.matches("[a-z0-9-]+") ? alternative : job.group(2)));
                }
            }
            s.appendReplacement(rest, " ");
        }
        s.appendTail(rest);
        // what is left: a bare metric name is a reference without a job; label lists and ranges are not names
        String bare = rest.toString()
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher id = IDENTIFIER.matcher(bare);
        while (id.find()) {
            String word = id.group(1);
            if (!PROMQL_WORDS.contains(word.toLowerCase()) && !word.matches("\\d.*")) {
                refs.add(new Reference(file, expr, word, null));
            }
        }
        return refs;
    }

    /** Every sample name a Prometheus exposition holds ({@code name{labels} value} lines). */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * What is wrong between the monitoring files and {@code service}'s exposition: a reference to this service's job
     * that it does not export, and (reported by every service) a reference without a job or to an unknown job.
     * Empty when all is well.
     */
    public static List<String> problems(String service, String exposition, List<Reference> refs) {
        Set<String> exported = sampleNames(exposition);
        List<String> problems = new ArrayList<>();
        for (Reference r : refs) {
            if (r.job() == null) {
                problems.add(r.file() + ": " + r.metric() + " is not a selector naming its job (job=\"<service>\"): " + r.expr());
            } else if (!JOBS.contains(r.job())) {
                problems.add(r.file() + ": job=\"" + r.job() + "\" is none of " + new TreeSet<>(JOBS) + ": " + r.expr());
            } else if (r.job().equals(service) && !SYNTHETIC.contains(r.metric()) && !exported.contains(r.metric())) {
                problems.add(r.file() + ": " + r.metric() + " is not exported by " + service + " at /q/metrics: " + r.expr());
            }
        }
        return problems;
    }

    /** The expressions of a YAML file: {@code expr: one line} or a block scalar ({@code expr: |}). */
    static List<String> yamlExpressions(String yaml) {
        List<String> exprs = new ArrayList<>();
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = YAML_EXPR.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(1).trim();
            if (value.startsWith("|") || value.startsWith(">")) {
                int keyColumn = lines[i].indexOf("expr:"); // block content is indented past its key
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.length && (lines[i + 1].isBlank()
                        || lines[i + 1].length() - lines[i + 1].stripLeading().length() > keyColumn)) {
                    block.append(lines[++i].trim()).append(' ');
                }
                exprs.add(block.toString().trim());
            } else {
                if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith("\"") && value.endsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                exprs.add(value);
            }
        }
        return exprs;
    }

    private static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
