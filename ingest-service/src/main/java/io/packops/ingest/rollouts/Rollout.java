package io.packops.ingest.rollouts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A staged rollout of one pack version (the canary) against the pack's stable version (V7). {@code step} is
 * the percentage of the cohort's buckets served the canary now; steps, cohort and the last analysis are JSON.
 */
@Entity
@Table(name = "rollouts")
public class Rollout extends PanacheEntityBase {

    public static final String PROGRESSING = "progressing";
    public static final String PAUSED = "paused";
    public static final String PROMOTED = "promoted";
    public static final String ABORTED = "aborted";
    public static final List<String> STATES = List.of(PROGRESSING, PAUSED, PROMOTED, ABORTED);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String pack;

    @Column(nullable = false)
    public String connector;

    @Column(nullable = false)
    public String version;

    @Column(name = "version_key", nullable = false)
    public String versionKey;

    @Column(name = "stable_version")
    public String stableVersion;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false, columnDefinition = "text")
    public String steps;

    @Column(name = "step_index", nullable = false)
    public int stepIndex;

    @Column(nullable = false)
    public int step;

    @Column(name = "step_minutes", nullable = false)
    public int stepMinutes;

    @Column(name = "max_failure_rate", nullable = false)
    public double maxFailureRate;

    @Column(name = "max_ratio_to_stable", nullable = false)
    public double maxRatioToStable;

    @Column(name = "min_installs", nullable = false)
    public int minInstalls;

    @Column(name = "cohort_warehouses", columnDefinition = "text")
    public String cohortWarehouses;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "step_started_at", nullable = false)
    public Instant stepStartedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "last_analysis", columnDefinition = "text")
    public String lastAnalysis;

    @Column(name = "last_analysis_at")
    public Instant lastAnalysisAt;

    public boolean isRunning() {
        return PROGRESSING.equals(state) || PAUSED.equals(state);
    }

    /** The running (progressing or paused) rollout of a pack, locked for update when asked. */
    public static Optional<Rollout> running(String pack, boolean forUpdate) {
        var query = find("pack = ?1 and state in ?2", pack, List.of(PROGRESSING, PAUSED));
        return (forUpdate ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResultOptional();
    }

    /** The latest rollout of a pack version, locked for update when asked. */
    public static Optional<Rollout> latest(String pack, String versionKey, boolean forUpdate) {
        var query = find("pack = ?1 and versionKey = ?2 order by id desc", pack, versionKey);
        return (forUpdate ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResultOptional();
    }

    public static Optional<Rollout> lockById(long id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

}
