package io.packops.ingest.packs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One published version of a pack. {@code versionKey} is the version without build metadata, unique
 * per pack (versions equal in SemVer precedence cannot both exist). The manifest is loaded lazily, so
 * lists and release views do not read every manifest.
 */
@Entity
@Table(name = "pack_versions")
public class PackVersion extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String WITHDRAWN = "withdrawn";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String pack;

    @Column(nullable = false)
    public String version;

    @Column(name = "version_key", nullable = false)
    public String versionKey;

    @Column(nullable = false)
    public String connector;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, columnDefinition = "text")
    public String manifest;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(nullable = false)
    public String status;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** The principal of the token that published it (null for versions published before V8). */
    @Column(name = "published_by")
    public String publishedBy;

    /** Why it was published although the release gate blocked it; null when no override was declared. */
    @Column(name = "gate_override_reason")
    public String gateOverrideReason;

    /** Published held: served to nobody until a staged rollout of it starts. */
    @Column(name = "held_for_rollout", nullable = false)
    public boolean heldForRollout;

    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    @Column(name = "withdrawn_reason")
    public String withdrawnReason;

    @Column(name = "withdrawn_by")
    public String withdrawnBy;

    @Column(name = "restored_at")
    public Instant restoredAt;

    @Column(name = "restored_by")
    public String restoredBy;

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public static List<PackVersion> ofPack(String pack) {
        return list("pack", pack);
    }

    /** The names of the packs published for a connector, in order. */
    public static List<String> packsOf(String connector) {
        return getEntityManager().createQuery("select distinct pack from PackVersion where connector = ?1 order by pack",
                String.class).setParameter(1, connector).getResultList();
    }

    public static Optional<PackVersion> findByKey(String pack, String versionKey) {
        return find("pack = ?1 and versionKey = ?2", pack, versionKey).firstResultOptional();
    }

    /** The row locked for update, so concurrent withdraw/restore calls apply one after the other. */
    public static Optional<PackVersion> lockByKey(String pack, String versionKey) {
        return find("pack = ?1 and versionKey = ?2", pack, versionKey)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
