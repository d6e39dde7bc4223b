package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.TelemetryStream;
import io.packops.launcher.Response;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a drill scenario: the services it talks to, the live timeline of steps (each printed as it passes or
 * fails), the measured times and the gaps found. A step waits for its condition until its deadline; a failed step
 * ends the scenario (the later steps depend on it).
 */
public final class Drill {

    /** One step of the timeline. {@code at} is when it ended, relative to the drill's start in {@code elapsed}. */
    public record Step(String name, Instant at, Duration elapsed, boolean passed, String detail) {
    }

    /** A step that did not happen in time: the scenario stops here. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /** A condition polled until it holds: null (or empty) means "not yet". */
    @FunctionalInterface
    public interface Probe<T> {
        T poll() throws Exception;
    }

    static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneId.systemDefault());

    /** An alert this scenario raises: its rule and the labels that make it the scenario's (a subset of its labels). */
    record Owned(String rule, Map<String, String> labels) {
    }

    final Api api;
    final DemoFleet fleet;
    final TelemetryStream installer;
    final String demoUrl;
    final Path root;
    final double escalationTimeScale;
    final double deadlineScale;
    private final Path logs;
    private final PrintWriter out;
    private final Instant start = Instant.now();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final Map<String, Duration> measures = new LinkedHashMap<>();
    private final List<Owned> owned = new ArrayList<>();
    private final java.util.Set<String> lookAt = new java.util.LinkedHashSet<>();
    private Boolean fakePager;

    /** {@code logs}: where the stack's service logs are (null when unknown, e.g. a remote stack). */
    Drill(Api api, DemoFleet fleet, TelemetryStream installer, String demoUrl, Path root, Path logs, double escalationTimeScale,
          double deadlineScale, PrintWriter out) {
        this.api = api;
        this.fleet = fleet;
        this.installer = installer;
        this.demoUrl = demoUrl;
        this.root = root;
        this.logs = logs;
        this.escalationTimeScale = escalationTimeScale;
        this.deadlineScale = deadlineScale;
        this.out = out;
    }

    public Instant start() {
        return start;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<String> gaps() {
        return List.copyOf(gaps);
    }

    public Map<String, Duration> measures() {
        return Map.copyOf(measures);
    }

    public Map<String, Duration> measuresInOrder() {
        return new LinkedHashMap<>(measures);
    }

    /**
     * Where to look when this scenario fails: what it has learnt so far (the alert it watched, the service it stopped),
     * then the stack's logs.
     */
    public List<String> lookAt() {
        List<String> out = new ArrayList<>(lookAt);
        if (logs != null) {
            out.add("the service logs in " + (logs.startsWith(root) ? root.relativize(logs) : logs)
                    + " (alerting-service.log for alerts, sweeps and pages; ingest-service.log for releases and telemetry)");
        }
        return out;
    }

    /** Something to look at should the scenario fail from here on. */
    public void lookAt(String what) {
        lookAt.add(what);
    }

    /** The alert {@code id} as a thing to look at (its numbers, timeline and deliveries). */
    public void lookAtAlert(long id, String what) {
        lookAt("alert #" + id + " (" + what + "): " + api.urls().alerting() + "/v1/alerts/" + id);
    }

    /** Declares an alert this scenario raises, so that {@link #nothingLeftFiring} closes it at the end. */
    public void owns(String rule, Map<String, String> labels) {
        owned.add(new Owned(rule, Map.copyOf(labels)));
    }

    /** Records a step that has just happened. */
    public void pass(String name, String detail) {
        record(new Step(name, Instant.now(), Duration.between(start, Instant.now()), true, detail));
    }

    /** Records a failed step and stops the scenario. */
    public Failed fail(String name, String detail) {
        record(new Step(name, Instant.now(), Duration.between(start, Instant.now()), false, detail));
        return new Failed(name + ": " + detail);
    }

    /** Polls {@code probe} every second until it answers (the step passes, described by {@code describe}) or the deadline. */
    public <T> T await(String name, Duration deadline, Probe<T> probe, java.util.function.Function<T, String> describe) throws Failed {
        Duration limit = Duration.ofMillis((long) (deadline.toMillis() * deadlineScale));
        Instant until = Instant.now().plus(limit);
        String lastProblem = null;
        while (true) {
            try {
                T value = probe.poll();
                if (value != null && !(value instanceof Optional<?> o && o.isEmpty())) {
                    pass(name, describe.apply(value));
                    return value;
                }
            } catch (Failed f) {
                throw f;
            } catch (Exception e) {
                lastProblem = e.getMessage();
            }
            if (Instant.now().isAfter(until)) {
                throw fail(name, "not within " + seconds(limit) + (lastProblem == null ? "" : " (last error: " + lastProblem + ")"));
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(name, "interrupted");
            }
        }
    }

    public void measure(String what, Duration d) {
        measures.put(what, d);
    }

    public void gap(String text) {
        if (!gaps.contains(text)) {
            gaps.add(text);
            out.println("                    GAP   " + text);
            out.flush();
        }
    }

    public void note(String text) {
        out.println("                          " + text);
        out.flush();
    }

    private void record(Step s) {
        steps.add(s);
        out.printf(Locale.ROOT, "  %s %+8.1fs  %s  %s%s%n", CLOCK.format(s.at()), s.elapsed().toMillis() / 1000.0,
                s.passed() ? "PASS" : "FAIL", s.name(),
                s.detail() == null || s.detail().isBlank() ? "" : " — " + s.detail());
        out.flush();
    }

    // ---- the services -------------------------------------------------------------------------------------------

    /** The fake pager's recorded requests after {@code seq}; empty when there is no fake pager (a real PagerDuty). */
    public List<JsonNode> pages(long afterSeq) {
        if (!hasFakePager()) {
            return List.of();
        }
        Response r = api.get(demoUrl + "/pages?since=" + afterSeq, null);
        List<JsonNode> out = new ArrayList<>();
        r.body().forEach(out::add);
        return out;
    }

    public long lastPageSeq() {
        List<JsonNode> all = pages(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).path("seq").asLong();
    }

    public boolean hasFakePager() {
        if (fakePager == null) {
            try {
                fakePager = api.get(demoUrl + "/pages?since=0", null).ok();
            } catch (Api.Unreachable e) {
                fakePager = false;
            }
        }
        return fakePager;
    }

    /** A PagerDuty event the fake pager received for {@code dedupKey} with {@code action}, after {@code seq}. */
    public Optional<JsonNode> pagerDutyEvent(long afterSeq, String dedupKey, String action, String routingKey) {
        return pagerDutyRecord(afterSeq, dedupKey, action, routingKey).map(p -> p.path("body"));
    }

    /** As {@link #pagerDutyEvent}, the fake pager's whole record ({@code seq}, {@code receivedAt}, {@code body}). */
    public Optional<JsonNode> pagerDutyRecord(long afterSeq, String dedupKey, String action, String routingKey) {
        return pages(afterSeq).stream()
                .filter(p -> p.path("channel").asText().equals("pagerduty"))
                .filter(p -> p.path("body").path("dedup_key").asText().equals(dedupKey)
                        && p.path("body").path("event_action").asText().equals(action))
                .filter(p -> routingKey == null || routingKey.equals(p.path("body").path("routing_key").asText()))
                .findFirst();
    }

    /** When the fake pager received that event, or {@code otherwise} without a fake pager. */
    public Instant received(long afterSeq, String dedupKey, String action, String routingKey, Instant otherwise) {
        return pagerDutyRecord(afterSeq, dedupKey, action, routingKey).map(p -> Instant.parse(p.path("receivedAt").asText()))
                .orElse(otherwise);
    }

    /** POST to the control panel of {@code packops up} (admin token). */
    public Response control(String path) throws Failed {
        try {
            // starting a service answers once it is ready: under load that is well over a request's 30 s
            return api.post(demoUrl + path, "admin", "application/json", "{}", Duration.ofMinutes(3));
        } catch (Api.Unreachable e) {
            throw fail("control panel", "this scenario needs the control panel of ./packops up at " + demoUrl
                    + " (or --self-contained): " + e.getMessage());
        }
    }

    /**
     * The manifest of a pack version: {@code packs/} first, else as ingest stores it (a version a drill published, such
     * as the fix {@code package-upgrade} rolls out); null when neither has it.
     */
    public String manifest(DemoFleet.Pack pack, String version) {
        String local = pack.manifests().get(version);
        if (local != null) {
            return local;
        }
        Response r = api.get(api.urls().ingest() + "/v1/packs/" + Api.q(pack.name()) + "/versions/" + Api.q(version), "operator");
        return r.ok() ? r.body().path("manifest").asText(null) : null;
    }

    /** The newest alert of {@code rule} whose labels include {@code labels}, in one of {@code states}. */
    public Optional<JsonNode> alert(String rule, Map<String, String> labels, String... states) {
        for (String state : states) {
            String url = api.urls().alerting() + "/v1/alerts?state=" + state + "&rule=" + Api.q(rule)
                    + (labels.containsKey("pack") ? "&pack=" + Api.q(labels.get("pack")) : "")
                    + (labels.containsKey("connector") ? "&connector=" + Api.q(labels.get("connector")) : "") + "&limit=100";
            Response r = api.get(url, "agent");
            if (!r.ok()) {
                throw new IllegalStateException("GET /v1/alerts: " + r.describe());
            }
            for (JsonNode a : r.body().path("items")) {
                boolean match = labels.entrySet().stream().allMatch(e -> e.getValue().equals(a.path("labels").path(e.getKey()).asText(null)));
                if (match && (labels.size() > 0 || a.path("labels").isEmpty())) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The last step of a scenario: every alert it raised ({@link #owns}) reads clear and is resolved, and none of them
     * paged or escalated after it read clear. An acknowledged alert whose condition still holds (failures draining
     * out of a window) may stay acknowledged: it resolves itself once clear. A firing one may not.
     */
    public void nothingLeftFiring(String why, Duration deadline) throws Failed {
        List<Long> left = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        await("nothing left firing", deadline, () -> {
            left.clear();
            kept.clear();
            List<String> notClear = new ArrayList<>();
            for (Owned o : owned) {
                for (JsonNode a : alerts(o, "firing", "acknowledged")) {
                    long id = a.path("id").asLong();
                    if (a.path("clearSince").isTextual()) {
                        Response r = resolve(id, why);
                        if (!r.ok() && r.status() != 409) {
                            throw new IllegalStateException("resolve #" + id + ": " + r.describe());
                        }
                        left.add(id);
                    } else if (a.path("state").asText().equals("acknowledged")) {
                        kept.add("#" + id + " " + o.rule());
                    } else {
                        notClear.add("#" + id + " " + o.rule() + " (" + a.path("summary").asText() + ")");
                    }
                }
            }
            if (!notClear.isEmpty()) {
                throw new IllegalStateException("still firing: " + String.join("; ", notClear));
            }
            return Boolean.TRUE;
        }, ok -> (left.isEmpty() ? "nothing to resolve" : "resolved " + left.size() + " alert(s) of this drill once clear")
                + (kept.isEmpty() ? "" : "; acknowledged, resolving itself once its failures drain: " + String.join(", ", kept)));
        for (Owned o : owned) {
            for (JsonNode listed : alerts(o, "firing", "acknowledged", "resolved")) {
                if (Instant.parse(listed.path("firedAt").asText()).isBefore(start)) {
                    continue;
                }
                JsonNode a = alert(listed.path("id").asLong());
                if (!a.path("clearSince").isTextual()) {
                    continue;
                }
                Instant clear = Instant.parse(a.path("clearSince").asText());
                for (JsonNode e : a.path("timeline")) {
                    String kind = e.path("kind").asText();
                    if ((kind.equals("paged") || kind.equals("escalated")) && !Instant.parse(e.path("at").asText()).isBefore(clear)) {
                        throw fail("nothing paged after it read clear", "alert #" + a.path("id").asLong() + " (" + o.rule()
                                + ") read clear at " + clear + " but was " + kind + " at " + e.path("at").asText() + ": "
                                + e.path("detail").asText());
                    }
                }
            }
        }
    }

    /** The alerts of {@code o}'s rule whose labels include {@code o}'s, in these states (newest first). */
    private List<JsonNode> alerts(Owned o, String... states) {
        List<JsonNode> out = new ArrayList<>();
        for (String state : states) {
            String url = api.urls().alerting() + "/v1/alerts?state=" + state + "&rule=" + Api.q(o.rule())
                    + (o.labels().containsKey("pack") ? "&pack=" + Api.q(o.labels().get("pack")) : "")
                    + (o.labels().containsKey("connector") ? "&connector=" + Api.q(o.labels().get("connector")) : "") + "&limit=100";
            Response r = api.get(url, "agent");
            if (!r.ok()) {
                throw new IllegalStateException("GET /v1/alerts: " + r.describe());
            }
            for (JsonNode a : r.body().path("items")) {
                if (o.labels().entrySet().stream().allMatch(e -> e.getValue().equals(a.path("labels").path(e.getKey()).asText(null)))) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Resolves alert {@code id} as the operator, with {@code comment} on its timeline. */
    public Response resolve(long id, String comment) {
        return api.postJson(api.urls().alerting() + "/v1/alerts/" + id + "/resolve", "operator", Map.of("comment", comment));
    }

    /** The single-alert view (timeline, deliveries). */
    public JsonNode alert(long id) {
        Response r = api.get(api.urls().alerting() + "/v1/alerts/" + id, "agent");
        if (!r.ok()) {
            throw new IllegalStateException("GET /v1/alerts/" + id + ": " + r.describe());
        }
        return r.body();
    }

    /** The first timeline event of {@code kind} (and level, when not null). */
    public static Optional<JsonNode> event(JsonNode alert, String kind, Integer level) {
        for (JsonNode e : alert.path("timeline")) {
            if (e.path("kind").asText().equals(kind) && (level == null || e.path("level").asInt() == level)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Ownership's answer for (connector, pack), with routing keys (operator). */
    public JsonNode lookup(String connector, String pack) {
        StringBuilder url = new StringBuilder(api.urls().ownership() + "/v1/lookup?resolveSecrets=true");
        if (connector != null) {
            url.append("&connector=").append(Api.q(connector));
        }
        if (pack != null) {
            url.append("&pack=").append(Api.q(pack));
        }
        Response r = api.get(url.toString(), "operator");
        if (!r.ok()) {
            throw new IllegalStateException("ownership lookup: " + r.describe());
        }
        return r.body();
    }

    /**
     * Checks the runbook a page for {@code rule} links to exists in this repository (file and heading), and that it is
     * the rule's own runbook when the repository has one ({@code runbooks/<rule>.md}); a gap when not.
     */
    public void checkRunbook(String runbook, String rule) {
        String what = "the page for " + rule;
        checkRunbookExists(runbook, what);
        Path own = root.resolve("runbooks").resolve(rule + ".md");
        if (runbook != null && Files.isRegularFile(own) && !runbook.contains("runbooks/" + rule + ".md")
                && !hasSection(runbook, rule)) {
            gap(what + " links " + runbook + ", although the repository has its own runbook runbooks/" + rule
                    + ".md (the ownership rule names one runbook for every alert of the connector, and it has no section for " + rule + ")");
        }
    }

    /** Whether the linked runbook (in this repository) has a heading for {@code rule}: then it routes the reader on. */
    private boolean hasSection(String runbook, String rule) {
        String file = runbook.contains("#") ? runbook.substring(0, runbook.indexOf('#')) : runbook;
        int i = file.indexOf("runbooks/");
        if (i < 0) {
            return false;
        }
        try {
            return Files.readAllLines(root.resolve(file.substring(i))).stream().filter(l -> l.startsWith("#"))
                    .map(l -> slug(l.replaceFirst("^#+\\s*", ""))).anyMatch(rule::equals);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void checkRunbookExists(String runbook, String what) {
        if (runbook == null || runbook.isBlank()) {
            gap(what + " carries no runbook link: the on-call engineer has to know where the procedure is");
            return;
        }
        String file = runbook.contains("#") ? runbook.substring(0, runbook.indexOf('#')) : runbook;
        if (file.startsWith("http://") || file.startsWith("https://")) {
            int i = file.indexOf("/runbooks/");
            file = i < 0 ? null : file.substring(i + 1);
        }
        if (file == null) {
            note("runbook " + runbook + " is outside this repository (not checked)");
            return;
        }
        Path p = root.resolve(file);
        if (!Files.isRegularFile(p)) {
            gap(what + " links the runbook " + file + ", which does not exist in this repository");
            return;
        }
        if (runbook.contains("#")) {
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            try {
                boolean found = Files.readAllLines(p).stream().filter(l -> l.startsWith("#"))
                        .map(l -> slug(l.replaceFirst("^#+\\s*", ""))).anyMatch(anchor::equals);
                if (!found) {
                    gap(what + " links " + runbook + ", but " + file + " has no heading #" + anchor);
                }
            } catch (java.io.IOException e) {
                gap("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    public Duration escalationDelay(int minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000L * escalationTimeScale));
    }

    /** {@code manifest} with its {@code version:} line saying {@code version} (a pack's YAML manifest). */
    static String withVersion(String manifest, String version) {
        return manifest.replaceFirst("(?m)^version:\\s*.*$", "version: " + version);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
