package io.packops.ingest.packs;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestError;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.SemVer;
import io.packops.ingest.packs.PackViews.GateOverride;
import io.packops.ingest.packs.PackViews.PackRelease;
import io.packops.ingest.packs.PackViews.PackSummary;
import io.packops.ingest.packs.PackViews.PackVersionView;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.packs.PackViews.ReleaseVersion;
import io.packops.ingest.system.PageCursor;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.NotFound;
import io.packops.ingest.system.Conflict;
import io.packops.ingest.system.InvalidDocument;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pack release registry: publishing validated manifests (idempotent per exact content),
 * withdrawing and restoring versions, and the served version (the highest active release), which
 * makes a withdraw an instant rollback for every installer that asks.
 */
@ApplicationScoped
public class PackRegistry {

    /** A published version, and whether this call created it (201) or found it already there (200). */
    public record Published(PackVersionView view, boolean created) {
    }

    private static final String PACKS_CURSOR = "packs";
    private static final String VERSIONS_CURSOR = "versions";
    public static final Comparator<PackVersion> NEWEST_FIRST =
            Comparator.comparing((PackVersion v) -> SemVer.parse(v.version)).reversed();

    @Inject
    Clock clock;
    @Inject
    ReleaseHolds rollouts;
    @Inject
    Event<PublishedPacks.Added> added;

    @Transactional
    /**
     * Publishes {@code body} as {@code actor}; {@code gateOverride} is the declared reason for publishing past a
     * blocking release gate (null when none). Publishing is immutable: a repeat of the same content answers the
     * stored version, with the record of its first publish. {@code heldForRollout}: nobody is served it until a staged
     * rollout of it starts.
     */
    public Published publish(String body, String actor, String gateOverride, boolean heldForRollout) {
        String manifest = normalise(body == null ? "" : body);
        ManifestResult result = ManifestReader.read(manifest);
        if (!result.isValid()) {
            List<FieldError> errors = result.errors().stream().map(PackRegistry::field).toList();
            throw new InvalidDocument("the pack manifest is invalid: " + errors.size()
                    + (errors.size() == 1 ? " error" : " errors"), errors);
        }
        DashboardPack pack = result.pack();
        String versionKey = versionKey(SemVer.parse(pack.version()));
        String sha256 = sha256(manifest);

        PackVersion.<PackVersion>find("pack", pack.name()).firstResultOptional()
                .filter(other -> !other.connector.equals(pack.connector()))
                .ifPresent(other -> {
                    throw new Conflict("pack " + pack.name() + " belongs to connector " + other.connector
                            + ", this manifest says " + pack.connector() + "; a pack cannot move to another connector");
                });

        // ON CONFLICT DO NOTHING: a concurrent publish of the same version waits for the other one to
        // commit and then inserts nothing, so racing publishes end in 200 or 409, never in a 500.
        int inserted = PackVersion.getEntityManager().createNativeQuery("""
                        insert into pack_versions (pack, version, version_key, connector, manifest, content_sha256,
                                                   status, published_at, published_by, gate_override_reason,
                                                   held_for_rollout)
                        values (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8, ?9, ?10)
                        on conflict (pack, version_key) do nothing""")
                .setParameter(1, pack.name())
                .setParameter(2, pack.version())
                .setParameter(3, versionKey)
                .setParameter(4, pack.connector())
                .setParameter(5, manifest)
                .setParameter(6, sha256)
                .setParameter(7, now().atOffset(ZoneOffset.UTC))
                .setParameter(8, actor)
                .setParameter(9, gateOverride)
                .setParameter(10, heldForRollout)
                .executeUpdate();
        PackVersion stored = PackVersion.findByKey(pack.name(), versionKey)
                .orElseThrow(() -> new IllegalStateException("pack version vanished after insert"));
        if (inserted == 0 && !stored.contentSha256.equals(sha256)) {
            String same = stored.version.equals(pack.version()) ? pack.version()
                    : stored.version + " (same precedence as " + pack.version() + ")";
            throw new Conflict(pack.name() + " " + same + " is already published with other content"
                    + " (sha256 " + stored.contentSha256 + "); a published version never changes, publish a new version");
        }
        if (inserted == 1) {
            // the metrics' view of the registry learns it once this transaction commits
            added.fire(new PublishedPacks.Added(stored.pack, stored.version, stored.versionKey, stored.connector));
        }
        if (inserted == 1 && gateOverride != null) {
            Log.warnf("published %s %s (%s) by %s PAST THE RELEASE GATE: %s", pack.name(), pack.version(),
                    pack.connector(), actor, gateOverride);
        } else if (inserted == 1) {
            Log.infof("published %s %s (%s) by %s", pack.name(), pack.version(), pack.connector(), actor);
        }
        return new Published(view(stored, false), inserted == 1);
    }

    public Page<PackSummary> packs(String connector, int limit, String cursor) {
        String after = PageCursor.decode(PACKS_CURSOR, cursor);
        var query = PackVersion.getEntityManager().createQuery("select distinct pack from PackVersion where pack > ?1"
                        + (connector == null ? "" : " and connector = ?2") + " order by pack", String.class)
                .setParameter(1, after == null ? "" : after)
                .setMaxResults(limit + 1);
        if (connector != null) {
            query.setParameter(2, connector);
        }
        List<String> names = query.getResultList();
        String next = null;
        if (names.size() > limit) {
            names = names.subList(0, limit);
            next = PageCursor.encode(PACKS_CURSOR, names.get(limit - 1));
        }
        Map<String, List<PackVersion>> byPack = new LinkedHashMap<>();
        names.forEach(name -> byPack.put(name, new ArrayList<>()));
        if (!names.isEmpty()) {
            for (PackVersion v : PackVersion.<PackVersion>list("pack in ?1", names)) {
                byPack.get(v.pack).add(v);
            }
        }
        List<PackSummary> items = new ArrayList<>();
        Map<String, Set<String>> held = rollouts.heldVersionKeys(names);
        byPack.forEach((name, versions) -> {
            versions.sort(NEWEST_FIRST);
            PackVersion served = served(versions, held.getOrDefault(name, Set.of()));
            items.add(new PackSummary(name, versions.get(0).connector, versions.get(0).version,
                    served == null ? null : served.version, versions.size(),
                    (int) versions.stream().filter(PackVersion::isActive).count(),
                    versions.stream().map(v -> v.publishedAt).max(Comparator.naturalOrder()).orElse(null)));
        });
        return new Page<>(items, next);
    }

    /** Versions of a pack, highest SemVer precedence first, paged by version. */
    public Page<PackVersionView> versions(String pack, int limit, String cursor) {
        String after = PageCursor.decode(VERSIONS_CURSOR, cursor);
        SemVer below = after == null ? null : SemVer.tryParse(after).orElseThrow(() -> new InvalidInput(
                "invalid cursor", List.of(new FieldError("cursor", "not a cursor returned by this list"))));
        List<PackVersion> versions = versionsOf(pack);
        List<PackVersionView> items = new ArrayList<>();
        String next = null;
        for (PackVersion v : versions) {
            if (below != null && SemVer.parse(v.version).compareTo(below) >= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = PageCursor.encode(VERSIONS_CURSOR, items.get(limit - 1).version());
                break;
            }
            items.add(view(v, false));
        }
        return new Page<>(items, next);
    }

    /** One version with its manifest text. */
    @Transactional
    public PackVersionView version(String pack, SemVer version) {
        return view(existing(pack, version, false), true);
    }

    public PackRelease release(String pack) {
        return release(pack, versionsOf(pack));
    }

    /** Withdraws a version as {@code actor} (a no-op when it is withdrawn already: the first reason is kept). */
    @Transactional
    public PackRelease withdraw(String pack, SemVer version, String reason, String actor) {
        PackVersion v = existing(pack, version, true);
        if (v.isActive()) {
            v.status = PackVersion.WITHDRAWN;
            v.withdrawnAt = now();
            v.withdrawnReason = reason.strip();
            v.withdrawnBy = actor;
            Log.infof("withdrew %s %s (by %s): %s", v.pack, v.version, actor, v.withdrawnReason);
            rollouts.versionWithdrawn(v); // a withdrawn canary's rollout is aborted: everyone gets the stable version
        }
        return release(pack);
    }

    /** Makes a withdrawn version active again as {@code actor} (a no-op when it is active). */
    @Transactional
    public PackRelease restore(String pack, SemVer version, String actor) {
        PackVersion v = existing(pack, version, true);
        if (!v.isActive()) {
            v.status = PackVersion.ACTIVE;
            v.restoredAt = now();
            v.restoredBy = actor;
            Log.infof("restored %s %s (by %s)", v.pack, v.version, actor);
        }
        return release(pack);
    }

    /**
     * The version installers are served: the highest active release; when no release version is
     * active, the highest active pre-release (so a pack that only has a beta can be installed); null
     * when nothing is active.
     */
    public static PackVersion served(List<PackVersion> newestFirst) {
        PackVersion preRelease = null;
        for (PackVersion v : newestFirst) {
            if (!v.isActive()) {
                continue;
            }
            if (!SemVer.parse(v.version).isPreRelease()) {
                return v;
            }
            if (preRelease == null) {
                preRelease = v;
            }
        }
        return preRelease;
    }

    /** The served version without the versions held back by a running or aborted staged rollout. */
    public static PackVersion served(List<PackVersion> newestFirst, Set<String> heldVersionKeys) {
        return served(heldVersionKeys.isEmpty() ? newestFirst
                : newestFirst.stream().filter(v -> !heldVersionKeys.contains(v.versionKey)).toList());
    }

    private PackRelease release(String pack, List<PackVersion> newestFirst) {
        PackVersion served = served(newestFirst, rollouts.heldVersionKeys(List.of(pack)).getOrDefault(pack, Set.of()));
        List<ReleaseVersion> versions = newestFirst.stream()
                .map(v -> new ReleaseVersion(v.version, v.status, v.publishedAt, v.withdrawnAt, v.withdrawnBy, v.withdrawnReason,
                        v.restoredAt, v.restoredBy))
                .toList();
        return new PackRelease(pack, newestFirst.get(0).connector, served == null ? null : served.version, versions);
    }

    /** All versions of a pack, newest first; 404 when the pack has none. */
    private static List<PackVersion> versionsOf(String pack) {
        List<PackVersion> versions = new ArrayList<>(PackVersion.ofPack(pack));
        if (versions.isEmpty()) {
            throw new NotFound("no pack named " + pack + " was published");
        }
        versions.sort(NEWEST_FIRST);
        return versions;
    }

    private static PackVersion existing(String pack, SemVer version, boolean forUpdate) {
        String key = versionKey(version);
        var found = forUpdate ? PackVersion.lockByKey(pack, key) : PackVersion.findByKey(pack, key);
        return found.orElseThrow(() -> PackVersion.count("pack", pack) == 0
                ? new NotFound("no pack named " + pack + " was published")
                : new NotFound(pack + " has no version " + version));
    }

    private static PackVersionView view(PackVersion v, boolean withManifest) {
        GateOverride override = v.gateOverrideReason == null ? null
                : new GateOverride(v.gateOverrideReason, v.publishedBy, v.publishedAt);
        return new PackVersionView(v.pack, v.version, v.connector, v.status, v.publishedAt, v.publishedBy, override,
                v.heldForRollout ? Boolean.TRUE : null, v.contentSha256, v.withdrawnAt, v.withdrawnBy, v.withdrawnReason, v.restoredAt,
                v.restoredBy, withManifest ? v.manifest : null);
    }

    /** 1.4.0-rc.1+build.7 -> 1.4.0-rc.1: versions equal in precedence share a key. */
    public static String versionKey(SemVer version) {
        return new SemVer(version.major(), version.minor(), version.patch(), version.preRelease(), List.of()).toString();
    }

    /**
     * The stored (and hashed) form of a manifest: without a byte-order mark, with LF line endings and
     * exactly one final newline. Editors and HTTP clients disagree on those; nothing else is touched,
     * so the content hash is the SHA-256 of exactly the text GET returns.
     */
    static String normalise(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.replace("\r\n", "\n").replace('\r', '\n');
        int end = t.length();
        while (end > 0 && Character.isWhitespace(t.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? "" : t.substring(0, end) + "\n";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static FieldError field(ManifestError e) {
        return new FieldError(e.path() == null ? "" : e.path(), "line " + e.line() + ", column " + e.column() + ": " + e.message());
    }
}
