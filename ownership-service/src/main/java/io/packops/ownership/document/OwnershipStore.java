package io.packops.ownership.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ownership.document.DocumentRevisionRepository.Revision;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.system.OwnershipConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current ownership document (the newest revision), as every reader (lookup, schedules, readiness,
 * the support page) sees it. Documents here are validated and hold secrets as {@code ${ENV}} references.
 *
 * <p>{@link #current()} is served from memory: a write through this replica replaces the cached document at
 * once; writes by other replicas are noticed within {@code packops.ownership.refresh-every}, when the first
 * reader after that interval asks the database for the newest revision number (one index probe) and only
 * re-reads the document when that number changed. Other readers meanwhile keep the cached one, never wait;
 * when that check fails (database unreachable) readers keep the cached document too.
 */
@ApplicationScoped
public class OwnershipStore {

    public record Current(long revision, OwnershipDocument document, String author, Instant createdAt) {
    }

    /** The outcome of a save: the current revision, whether this save created it, and what it changed. */
    public record Saved(Current current, boolean changed, RevisionDiff.Summary summary) {
    }

    /** What {@link #current()} returns until the next check, and when (System.nanoTime) it was checked. */
    private record Snapshot(Optional<Current> current, long checkedAt) {
    }

    private static final OwnershipDocument EMPTY = new OwnershipDocument(null, null, null, null, null);

    @Inject
    DocumentRevisionRepository revisions;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    OwnershipConfig config;

    private volatile Snapshot snapshot;
    private long refreshNanos;
    private final ReentrantLock refreshing = new ReentrantLock();

    @PostConstruct
    void init() {
        refreshNanos = config.refreshEvery().toNanos();
    }

    /** The newest revision, or empty when no document was ever accepted. Cheap: see the class comment. */
    public Optional<Current> current() {
        Snapshot s = snapshot;
        if (s != null && System.nanoTime() - s.checkedAt() < refreshNanos) {
            return s.current();
        }
        if (s == null) {
            return latest(); // nothing cached yet: every reader has to wait for the first read
        }
        if (!refreshing.tryLock()) {
            return s.current(); // another reader is checking; a few more ms of the cached one is fine
        }
        try {
            return refresh().current();
        } catch (RuntimeException e) {
            // The database is unreachable: keep answering from the cached document, check again later.
            Log.warnf("could not check for a newer ownership revision, serving revision %s: %s",
                    s.current().map(c -> Long.toString(c.revision())).orElse("none"), e.getMessage());
            return install(new Snapshot(s.current(), System.nanoTime())).current();
        } finally {
            refreshing.unlock();
        }
    }

    /** Like {@link #current()}, but checks the database now (for callers about to act on the revision number). */
    public Optional<Current> latest() {
        refreshing.lock();
        try {
            return refresh().current();
        } finally {
            refreshing.unlock();
        }
    }

    /**
     * Stores {@code document} as a new revision unless it equals the current one (then nothing is written and
     * {@code changed} is false). {@code expectedRevision} (from {@code If-Match}; 0 = none yet) must be the
     * current revision number, else {@link RevisionConflict}. Writers serialise on a database lock, so concurrent saves on any
     * replica get consecutive numbers and each diff is against its true predecessor.
     */
    public Saved save(OwnershipDocument document, String source, String author, OptionalLong expectedRevision) {
        Saved saved = QuarkusTransaction.requiringNew().call(() -> {
            revisions.lockForWrite();
            Optional<Revision> newest = revisions.newest();
            long currentNumber = newest.map(Revision::revision).orElse(0L);
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != currentNumber) {
                throw new RevisionConflict(expectedRevision.getAsLong(), currentNumber);
            }
            return write(newest, document, source, author);
        });
        publish(saved.current());
        return saved;
    }

    /** Stores {@code document} as revision 1 only when there is no revision at all (the startup file). */
    public Optional<Saved> saveIfEmpty(OwnershipDocument document, String source, String author) {
        Optional<Saved> saved = QuarkusTransaction.requiringNew().call(() -> {
            revisions.lockForWrite();
            Optional<Revision> newest = revisions.newest();
            return newest.isPresent() ? Optional.<Saved>empty() : Optional.of(write(newest, document, source, author));
        });
        saved.ifPresent(s -> publish(s.current()));
        return saved;
    }

    /** A stored revision with its document, summary and source, or empty. */
    public Optional<Revision> revision(long number) {
        return revisions.find(number);
    }

    /** Up to {@code limit} revisions before {@code before} (from the newest when null), newest first. */
    public List<Revision> revisions(Long before, int limit) {
        return revisions.page(before, limit);
    }

    public OwnershipDocument document(Revision revision) {
        return read(revision.documentJson(), OwnershipDocument.class);
    }

    public RevisionDiff.Summary summary(Revision revision) {
        return read(revision.summaryJson(), RevisionDiff.Summary.class);
    }

    private Saved write(Optional<Revision> newest, OwnershipDocument document, String source, String author) {
        Optional<Current> previous = newest.map(this::toCurrent);
        OwnershipDocument before = previous.map(Current::document).orElse(EMPTY);
        if (previous.isPresent() && before.equals(document)) {
            return new Saved(previous.get(), false, RevisionDiff.Summary.NONE);
        }
        RevisionDiff.Summary summary = RevisionDiff.between(before, document);
        Current current = new Current(previous.map(Current::revision).orElse(0L) + 1, document, author,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        revisions.insert(new Revision(current.revision(), author, current.createdAt(), json(summary), json(document), source));
        return new Saved(current, true, summary);
    }

    private Snapshot refresh() {
        long now = System.nanoTime();
        OptionalLong newest = revisions.newestNumber();
        Snapshot s = snapshot;
        Optional<Current> cached = s == null ? Optional.empty() : s.current();
        Optional<Current> current;
        if (newest.isEmpty()) {
            current = Optional.empty();
        } else if (cached.isPresent() && cached.get().revision() == newest.getAsLong()) {
            current = cached;
        } else {
            current = revisions.find(newest.getAsLong()).map(this::toCurrent);
        }
        return install(new Snapshot(current, now));
    }

    /** Revisions only move forward: a check that read the database just before a local write keeps the write. */
    private synchronized Snapshot install(Snapshot fresh) {
        Snapshot s = snapshot;
        if (s != null && s.current().isPresent() && (fresh.current().isEmpty()
                || fresh.current().get().revision() < s.current().get().revision())) {
            fresh = new Snapshot(s.current(), fresh.checkedAt());
        }
        snapshot = fresh;
        return fresh;
    }

    /** Caches a revision written here; never replaces a newer one (two writers may finish out of order). */
    private synchronized void publish(Current written) {
        Snapshot s = snapshot;
        if (s == null || s.current().isEmpty() || s.current().get().revision() < written.revision()) {
            snapshot = new Snapshot(Optional.of(written), System.nanoTime());
        }
    }

    private Current toCurrent(Revision r) {
        Snapshot s = snapshot;
        if (s != null && s.current().isPresent() && s.current().get().revision() == r.revision()) {
            return s.current().get(); // already parsed
        }
        return new Current(r.revision(), document(r), r.author(), r.createdAt());
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored revision could not be read: " + e.getOriginalMessage(), e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
