package io.packops.ingest.rollouts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One entry of a rollout's timeline (V7): a human action or an analysis decision, with who, why and numbers. */
@Entity
@Table(name = "rollout_events")
public class RolloutEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "rollout_id", nullable = false)
    public long rolloutId;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "last_at", nullable = false)
    public Instant lastAt;

    @Column(nullable = false)
    public int repeats = 1;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String actor;

    public String reason;

    @Column(name = "check_name")
    public String check;

    @Column(name = "from_step")
    public Integer fromStep;

    @Column(name = "to_step")
    public Integer toStep;

    @Column(columnDefinition = "text")
    public String metrics;

    public static List<RolloutEvent> of(long rolloutId) {
        return list("rolloutId = ?1 order by id", rolloutId);
    }

    public static RolloutEvent last(long rolloutId) {
        return find("rolloutId = ?1 order by id desc", rolloutId).firstResult();
    }
}
