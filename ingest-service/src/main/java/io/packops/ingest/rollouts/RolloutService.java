package io.packops.ingest.rollouts;

import io.packops.ingest.packs.PackRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.compat.manifest.SemVer;
import io.packops.ingest.packs.PackVersion;
import io.packops.ingest.packs.ReleaseHolds;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.system.PageCursor;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.NotFound;
import io.packops.ingest.system.Conflict;
import io.packops.ingest.rollouts.RolloutViews.AccountRelease;
import io.packops.ingest.rollouts.RolloutViews.AccountRollout;
import io.packops.ingest.rollouts.RolloutViews.Analysis;
import io.packops.ingest.rollouts.RolloutViews.AnalysisDecision;
import io.packops.ingest.rollouts.RolloutViews.Cohort;
import io.packops.ingest.rollouts.RolloutViews.RolloutView;
import io.packops.ingest.rollouts.RolloutViews.TimelineEntry;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Staged rollouts of pack versions: start, pause, resume, promote and abort (each on the rollout's timeline
 * with who and why), the analysis decisions alerting-service posts, and which version one account is served.
 *
 * <p>A version whose latest rollout is running (progressing, paused) or aborted is <em>held</em>: it is left out
 * of the pack's served version, so installers that do not name an account, and accounts outside the canary,
 * get the stable version. Promoting releases the hold.
 */
@ApplicationScoped
public class RolloutService implements ReleaseHolds {

    private static final String CURSOR = "rollouts";
    private static final int MAX_METRICS_CHARS = 65_536;

    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    Instance<SecurityIdentity> identity;
    @Inject
    RolloutMetrics metrics;

    // ---- lifecycle ------------------------------------------------------------------------------------

    @Transactional
    public RolloutView start(String pack, SemVer version, RolloutSpec spec) {
        PackVersion canary = PackVersion.lockByKey(pack, PackRegistry.versionKey(version))
                .orElseThrow(() -> notFound(pack, version));
        if (!canary.isActive()) {
            throw new Conflict(pack + " " + canary.version + " is withdrawn; restore it before rolling it out");
        }
        Rollout.running(pack, true).ifPresent(r -> {
            throw new Conflict("rollout " + r.id + " of " + pack + " " + r.version + " is " + r.state
                    + "; promote or abort it before starting another rollout of this pack");
        });
        Rollout.latest(pack, canary.versionKey, false).filter(r -> Rollout.PROMOTED.equals(r.state)).ifPresent(r -> {
            throw new Conflict(pack + " " + canary.version + " was promoted by rollout " + r.id
                    + "; it is served already (withdraw it to roll back)");
        });
        Set<String> held = new HashSet<>(heldVersionKeys(List.of(pack)).getOrDefault(pack, Set.of()));
        held.add(canary.versionKey);
        PackVersion stable = served(pack, held);

        Instant now = now();
        Rollout r = new Rollout();
        r.pack = pack;
        r.connector = canary.connector;
        r.version = canary.version;
        r.versionKey = canary.versionKey;
        r.stableVersion = stable == null ? null : stable.version;
        r.state = Rollout.PROGRESSING;
        r.steps = write(spec.steps());
        r.stepIndex = 0;
        r.step = spec.steps().get(0);
        r.stepMinutes = spec.stepMinutes();
        r.maxFailureRate = spec.maxFailureRate();
        r.maxRatioToStable = spec.maxRatioToStable();
        r.minInstalls = spec.minInstalls();
        r.cohortWarehouses = spec.cohortWarehouses() == null ? null : write(spec.cohortWarehouses());
        r.createdAt = now;
        r.createdBy = actor();
        r.stepStartedAt = now;
        r.updatedAt = now;
        try {
            r.persistAndFlush();
        } catch (PersistenceException e) {
            // the partial unique index: another rollout of this pack started at the same moment
            throw new Conflict("another rollout of " + pack + " was started at the same time; look at GET /v1/rollouts?pack=" + pack);
        }
        event(r, "started", spec.reason() == null ? "started at " + r.step + " %" : spec.reason(), null, null, r.step, null);
        Log.infof("rollout %d: %s %s started at %d %% (stable %s) by %s", r.id, pack, r.version, r.step, r.stableVersion, r.createdBy);
        metrics.changed(r);
        return view(r, true);
    }

    /** What an operator can do to a rollout by hand. */
    public enum Action {
        /** progressing → paused. The step stays: accounts in the canary keep it; the analysis leaves it alone. */
        PAUSE(Rollout.PAUSED),
        /** paused → progressing; the step's clock starts again (stepMinutes of analysed time before the next step). */
        RESUME(Rollout.PROGRESSING),
        /** Every account gets the canary now: it becomes a normally served version. */
        PROMOTE(Rollout.PROMOTED),
        /** Nobody gets the canary any more; the version stays held back from the served version. */
        ABORT(Rollout.ABORTED);

        final String target;

        Action(String target) {
            this.target = target;
        }
    }

    /**
     * Applies an action to the version's latest rollout. Already in the target state: a 200 no-op (nothing on
     * the timeline); a promoted or aborted rollout cannot change any more (409).
     */
    @Transactional
    public RolloutView act(String pack, SemVer version, Action action, String reason) {
        PackVersion v = PackVersion.findByKey(pack, PackRegistry.versionKey(version)).orElseThrow(() -> notFound(pack, version));
        Rollout r = Rollout.latest(pack, v.versionKey, true)
                .orElseThrow(() -> new NotFound(pack + " " + v.version + " has never been rolled out"));
        if (action.target.equals(r.state)) {
            return view(r, true);
        }
        if (!r.isRunning()) {
            throw new Conflict("rollout " + r.id + " of " + r.pack + " " + r.version + " is " + r.state
                    + " and cannot " + action.name().toLowerCase(Locale.ROOT)
                    + (Rollout.PROMOTED.equals(r.state) ? "; withdraw the version to roll it back" : ""));
        }
        switch (action) {
            case PROMOTE -> promote(r, actor(), reason, null, null);
            case ABORT -> abort(r, actor(), reason, null, null);
            default -> {
                r.state = action.target;
                if (action == Action.RESUME) {
                    r.stepStartedAt = now();
                }
                touch(r);
                event(r, action == Action.RESUME ? "resumed" : "paused", reason, null, r.step, r.step, null);
                metrics.changed(r);
            }
        }
        return view(r, true);
    }

    /** Withdrawing a canary aborts its rollout (called inside the withdraw's transaction). */
    @Override
    public void versionWithdrawn(PackVersion v) {
        Rollout.latest(v.pack, v.versionKey, true).filter(Rollout::isRunning).ifPresent(r ->
                abort(r, actor(), "version withdrawn: " + v.withdrawnReason, null, null));
    }

    /** A decision of the canary analysis (alerting-service), applied only if the rollout is still where it looked. */
    @Transactional
    public RolloutView decide(long id, AnalysisDecision d) {
        Rollout r = Rollout.lockById(id).orElseThrow(() -> new NotFound("no rollout " + id));
        if (!Rollout.PROGRESSING.equals(r.state)) {
            throw new Conflict("rollout " + id + " is " + r.state + "; only a progressing rollout takes analysis decisions");
        }
        if (d.fromStep() != r.step) {
            throw new Conflict("rollout " + id + " is at step " + r.step + " now, the analysis looked at step " + d.fromStep());
        }
        String metricsText = null;
        if (d.metrics() != null && !d.metrics().isNull()) {
            if (!d.metrics().isObject()) {
                throw new InvalidInput("metrics must be a JSON object", List.of(new FieldError("metrics", "must be a JSON object")));
            }
            metricsText = d.metrics().toString();
            if (metricsText.length() > MAX_METRICS_CHARS) {
                throw new InvalidInput("metrics is too large", List.of(new FieldError("metrics", "at most " + MAX_METRICS_CHARS + " characters of JSON")));
            }
            r.lastAnalysis = metricsText;
            r.lastAnalysisAt = now();
        }
        String who = actor();
        switch (d.decision()) {
            case "abort" -> abort(r, who, d.reason(), d.check(), metricsText);
            case "advance" -> {
                List<Integer> steps = steps(r);
                if (r.stepIndex + 1 >= steps.size()) {
                    promote(r, who, d.reason(), d.check(), metricsText);
                } else {
                    int from = r.step;
                    r.stepIndex++;
                    r.step = steps.get(r.stepIndex);
                    r.stepStartedAt = now();
                    touch(r);
                    event(r, "advanced", d.reason(), d.check(), from, r.step, metricsText);
                    Log.infof("rollout %d: %s %s advanced %d %% -> %d %% (%s)", r.id, r.pack, r.version, from, r.step, d.reason());
                }
            }
            default -> hold(r, who, d, metricsText);
        }
        metrics.changed(r);
        return view(r, true);
    }

    private void hold(Rollout r, String who, AnalysisDecision d, String metricsText) {
        RolloutEvent last = RolloutEvent.last(r.id);
        Instant now = now();
        if (last != null && "held".equals(last.kind) && Objects.equals(last.check, d.check())
                && Objects.equals(last.fromStep, r.step) && last.actor.equals(who)) {
            last.lastAt = now;
            last.repeats++;
            last.reason = d.reason();
            last.metrics = metricsText;
        } else {
            event(r, "held", d.reason(), d.check(), r.step, r.step, metricsText);
        }
        r.updatedAt = now;
    }

    private void promote(Rollout r, String who, String reason, String check, String metricsText) {
        int from = r.step;
        r.stableVersion = liveStable(r.pack);
        r.state = Rollout.PROMOTED;
        r.step = 100;
        r.stepIndex = steps(r).size() - 1;
        r.endedAt = now();
        touch(r);
        event(r, "promoted", reason, check, from, 100, metricsText);
        Log.infof("rollout %d: %s %s promoted by %s (%s)", r.id, r.pack, r.version, who, reason);
        metrics.changed(r);
    }

    private void abort(Rollout r, String who, String reason, String check, String metricsText) {
        int from = r.step;
        r.stableVersion = liveStable(r.pack);
        r.state = Rollout.ABORTED;
        r.step = 0;
        r.endedAt = now();
        touch(r);
        event(r, "aborted", reason, check, from, 0, metricsText);
        Log.warnf("rollout %d: %s %s aborted at %d %% by %s (%s)", r.id, r.pack, r.version, from, who, reason);
        metrics.changed(r);
    }

    // ---- reads ----------------------------------------------------------------------------------------

    public RolloutView get(long id) {
        Rollout r = Rollout.<Rollout>findByIdOptional(id).orElseThrow(() -> new NotFound("no rollout " + id));
        return view(r, true);
    }

    /** The latest rollout of a pack version, with its timeline. */
    public RolloutView latest(String pack, SemVer version) {
        PackVersion v = PackVersion.findByKey(pack, PackRegistry.versionKey(version)).orElseThrow(() -> notFound(pack, version));
        return Rollout.latest(pack, v.versionKey, false).map(r -> view(r, true))
                .orElseThrow(() -> new NotFound(pack + " " + v.version + " has never been rolled out"));
    }

    /** Rollouts newest first, without timelines; filtered by pack and state. */
    public Page<RolloutView> list(String pack, String state, int limit, String cursor) {
        String after = PageCursor.decode(CURSOR, cursor);
        long below;
        try {
            below = after == null ? Long.MAX_VALUE : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new InvalidInput("invalid cursor", List.of(new FieldError("cursor", "not a cursor returned by this list")));
        }
        StringBuilder q = new StringBuilder("id < ?1");
        List<Object> params = new ArrayList<>(List.of(below));
        if (pack != null) {
            params.add(pack);
            q.append(" and pack = ?").append(params.size());
        }
        if (state != null) {
            params.add(state);
            q.append(" and state = ?").append(params.size());
        }
        List<Rollout> rows = Rollout.<Rollout>find(q + " order by id desc", params.toArray()).page(0, limit + 1).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = PageCursor.encode(CURSOR, String.valueOf(rows.get(limit - 1).id));
        }
        Map<String, String> stableByPack = new HashMap<>();
        List<RolloutView> items = new ArrayList<>();
        for (Rollout r : rows) {
            items.add(view(r, false, stableByPack));
        }
        return new Page<>(items, next);
    }

    /** The version one account should install now, and why (its bucket, the running rollout). */
    public AccountRelease releaseFor(String pack, String account, String warehouse) {
        List<PackVersion> versions = versionsOf(pack);
        Rollout r = Rollout.running(pack, false).orElse(null);
        PackVersion stable = served(versions, heldVersionKeys(List.of(pack)).getOrDefault(pack, Set.of()));
        String stableVersion = stable == null ? null : stable.version;
        int bucket = RolloutBuckets.bucket(pack, account);
        if (r == null) {
            return new AccountRelease(pack, versions.get(0).connector, account, warehouse, stableVersion, bucket, null, null);
        }
        List<String> cohort = cohort(r);
        boolean inCohort = cohort == null || (warehouse != null && cohort.contains(warehouse));
        boolean canary = inCohort && RolloutBuckets.inCanary(bucket, r.step);
        return new AccountRelease(pack, r.connector, account, warehouse, canary ? r.version : stableVersion, bucket,
                canary ? "canary" : "stable", new AccountRollout(r.id, r.state, r.step, r.version, stableVersion, inCohort));
    }

    /**
     * Per pack, the version keys held back from the served version: those whose latest rollout is running or
     * aborted, and those published held for a rollout that has not started yet. One query for all the packs.
     */
    @Override
    public Map<String, Set<String>> heldVersionKeys(Collection<String> packs) {
        Map<String, Set<String>> held = new HashMap<>();
        if (packs.isEmpty()) {
            return held;
        }
        // installers ask /release often: only each version's latest rollout is read (index pack, version_key, id desc)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Rollout.getEntityManager().createNativeQuery("""
                        select * from (select distinct on (pack, version_key) pack, version_key, state from rollouts
                                       where pack = any(?1) order by pack, version_key, id desc) latest
                        union all
                        select v.pack, v.version_key, 'held' from pack_versions v
                        where v.pack = any(?1) and v.held_for_rollout
                          and not exists (select 1 from rollouts r where r.pack = v.pack and r.version_key = v.version_key)""")
                .setParameter(1, packs.toArray(String[]::new))
                .getResultList();
        for (Object[] row : rows) {
            if (!Rollout.PROMOTED.equals(row[2])) {
                held.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((String) row[1]);
            }
        }
        return held;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private RolloutView view(Rollout r, boolean withTimeline) {
        return view(r, withTimeline, new HashMap<>());
    }

    private RolloutView view(Rollout r, boolean withTimeline, Map<String, String> stableByPack) {
        String stable = r.stableVersion;
        if (r.isRunning()) {
            // accounts outside the canary get the pack's served version now (it moves if the stable is withdrawn)
            stable = stableByPack.computeIfAbsent(r.pack, this::liveStable);
        }
        List<TimelineEntry> timeline = withTimeline ? RolloutEvent.of(r.id).stream().map(this::entry).toList() : null;
        List<String> cohort = cohort(r);
        return new RolloutView(r.id, r.pack, r.connector, r.version, stable, r.state, r.step, r.stepIndex, steps(r),
                r.stepMinutes, new Analysis(r.maxFailureRate, r.maxRatioToStable, r.minInstalls),
                cohort == null ? null : new Cohort(cohort), r.createdAt, r.createdBy, r.stepStartedAt, r.updatedAt,
                r.endedAt, r.lastAnalysisAt, tree(r.lastAnalysis), timeline);
    }

    private TimelineEntry entry(RolloutEvent e) {
        boolean repeated = e.repeats > 1;
        return new TimelineEntry(e.at, repeated ? e.lastAt : null, repeated ? e.repeats : null, e.kind, e.actor,
                e.reason, e.check, e.fromStep, e.toStep, tree(e.metrics));
    }

    private void event(Rollout r, String kind, String reason, String check, Integer from, Integer to, String metricsText) {
        RolloutEvent e = new RolloutEvent();
        e.rolloutId = r.id;
        e.at = now();
        e.lastAt = e.at;
        e.kind = kind;
        e.actor = actor();
        e.reason = reason == null ? null : reason.strip();
        e.check = check;
        e.fromStep = from;
        e.toStep = to;
        e.metrics = metricsText;
        e.persist();
    }

    private void touch(Rollout r) {
        r.updatedAt = now();
    }

    /** What accounts outside the canary get now: the pack's served version without the held versions. */
    private String liveStable(String pack) {
        PackVersion s = served(pack, heldVersionKeys(List.of(pack)).getOrDefault(pack, Set.of()));
        return s == null ? null : s.version;
    }

    private static PackVersion served(String pack, Set<String> held) {
        List<PackVersion> versions = new ArrayList<>(PackVersion.ofPack(pack));
        versions.sort(PackRegistry.NEWEST_FIRST);
        return served(versions, held);
    }

    private static PackVersion served(List<PackVersion> newestFirst, Set<String> held) {
        return PackRegistry.served(newestFirst, held);
    }

    private static List<PackVersion> versionsOf(String pack) {
        List<PackVersion> versions = new ArrayList<>(PackVersion.ofPack(pack));
        if (versions.isEmpty()) {
            throw new NotFound("no pack named " + pack + " was published");
        }
        versions.sort(PackRegistry.NEWEST_FIRST);
        return versions;
    }

    private static NotFound notFound(String pack, SemVer version) {
        return PackVersion.count("pack", pack) == 0
                ? new NotFound("no pack named " + pack + " was published")
                : new NotFound(pack + " has no version " + version);
    }

    List<Integer> steps(Rollout r) {
        return read(r.steps, new TypeReference<List<Integer>>() {
        });
    }

    List<String> cohort(Rollout r) {
        return r.cohortWarehouses == null ? null : read(r.cohortWarehouses, new TypeReference<List<String>>() {
        });
    }

    JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rollout JSON is unreadable", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rollout JSON is unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller as other actions record it: the bearer token's principal (its role), or system. */
    private String actor() {
        try {
            SecurityIdentity id = identity.get();
            return id == null || id.isAnonymous() ? "system" : id.getPrincipal().getName();
        } catch (RuntimeException e) {
            return "system"; // no request (a job)
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
