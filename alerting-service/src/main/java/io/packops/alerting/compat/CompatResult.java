package io.packops.alerting.compat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One cached compat check: a pack version against one schema fingerprint on one warehouse (V3, V6). */
@Entity
@Table(name = "compat_result")
public class CompatResult extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String pack;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String fingerprint;

    /** The warehouse whose SQL dialect it was resolved in; {@code ""} when unknown. */
    @Column(nullable = false)
    public String warehouse = "";

    @Column(nullable = false)
    public boolean compatible;

    @Column(name = "error_count", nullable = false)
    public int errorCount;

    /** JSON array of the report's problems. */
    @Column(nullable = false, columnDefinition = "text")
    public String problems;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    public static List<CompatResult> ofVersion(String pack, String version) {
        return list("pack = ?1 and version = ?2", pack, version);
    }

    public static boolean anyIncompatible(String pack, String version) {
        return count("pack = ?1 and version = ?2 and compatible = false", pack, version) > 0;
    }
}
