package io.packops.ingest.accounts;

import io.packops.ingest.rollouts.RolloutService;
import io.packops.ingest.stats.StatsPlan;
import io.packops.ingest.packs.PackVersion;
import io.packops.ingest.accounts.AccountRepository.Filter;
import io.packops.ingest.accounts.AccountRepository.InstallRow;
import io.packops.ingest.accounts.AccountRepository.Key;
import io.packops.ingest.accounts.AccountRepository.SchemaRow;
import io.packops.ingest.system.SnapshotRead;
import io.packops.ingest.stats.StatsRepository;
import io.packops.ingest.accounts.AccountViews.AccountDetail;
import io.packops.ingest.accounts.AccountViews.AccountEvent;
import io.packops.ingest.accounts.AccountViews.AccountSummary;
import io.packops.ingest.accounts.AccountViews.SchemaRef;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.system.PageCursor;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.NotFound;
import io.packops.ingest.system.RequestChecks;
import io.packops.ingest.rollouts.RolloutViews.AccountRelease;
import io.packops.compat.manifest.Slugs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What ingest knows about customer accounts, for support: the account list with its filters, and one
 * account's view (schema, latest installs, served versions, newest events). Both read the per-account tables
 * the stats refresh folds ({@link AccountRepository}); one account's view also reads its raw events of the
 * hours not folded yet, so it is never behind.
 */
@ApplicationScoped
public class AccountService {

    private static final String CURSOR = "accounts";
    /** How far back one account's view reads raw events of hours the refresh has not folded yet. */
    static final Duration UNFOLDED_LOOKBACK = Duration.ofHours(24);

    @Inject
    SnapshotRead snapshot;
    @Inject
    AccountRepository accounts;
    @Inject
    StatsRepository stats;
    @Inject
    RolloutService rollouts;
    @Inject
    Clock clock;

    /** One page of accounts in (accountId, connector) order; {@code cursor} continues after the last one. */
    public Page<AccountSummary> list(Filter filter, int limit, String cursor) {
        Key after = decode(cursor);
        return snapshot.run("account list", c -> {
            List<Key> keys = accounts.keys(c, filter, after, limit + 1);
            String next = null;
            if (keys.size() > limit) {
                keys = keys.subList(0, limit);
                Key last = keys.get(limit - 1);
                next = PageCursor.encode(CURSOR, last.accountId() + " " + last.connector());
            }
            Set<String> ids = new LinkedHashSet<>();
            keys.forEach(k -> ids.add(k.accountId()));
            if (ids.isEmpty()) {
                return new Page<>(List.of(), null);
            }
            Map<Key, SchemaRow> schemas = byKey(accounts.schemas(c, ids));
            Map<Key, List<InstallRow>> installs = byKeyNewestFirst(accounts.installs(c, ids));
            List<AccountSummary> items = new ArrayList<>();
            for (Key k : keys) {
                items.add(summary(k, schemas.get(k), installs.getOrDefault(k, List.of())));
            }
            return new Page<>(items, next);
        });
    }

    /** One account's view; 404 when ingest never heard of it (no schema, no install, no event). */
    public AccountDetail detail(String accountId) {
        Instant now = clock.instant();
        record Read(Map<Key, SchemaRow> schemas, Map<Key, List<InstallRow>> installs, List<AccountEvent> events) {
        }
        Read read = snapshot.run("account view", c -> {
            List<StatsPlan.Range> unfolded = StatsPlan.hourRanges(stats.dirtyHours(c,
                    now.minus(UNFOLDED_LOOKBACK).truncatedTo(ChronoUnit.HOURS), now.plus(Duration.ofDays(1))));
            List<InstallRow> installs = new ArrayList<>(accounts.installs(c, List.of(accountId)));
            installs.addAll(accounts.rawInstalls(c, accountId, unfolded));
            Map<String, AccountEvent> events = new LinkedHashMap<>();
            for (AccountEvent e : accounts.recentEvents(c, accountId, now.minus(AccountRepository.RECENT_WINDOW))) {
                events.put(e.eventId(), e);
            }
            for (AccountEvent e : accounts.rawEvents(c, accountId, unfolded)) {
                events.putIfAbsent(e.eventId(), e);
            }
            List<AccountEvent> newest = events.values().stream().sorted(AccountRepository.NEWEST_EVENT_FIRST)
                    .limit(AccountRepository.RECENT_EVENTS).toList();
            return new Read(byKey(accounts.schemas(c, List.of(accountId))), byKeyNewestFirst(installs), newest);
        });
        if (read.schemas().isEmpty() && read.installs().isEmpty() && read.events().isEmpty()) {
            throw new NotFound("no schema snapshot, install or render event was received for account "
                    + accountId + " (within retention)");
        }
        Set<Key> keys = new TreeSet<>(Comparator.comparing(Key::connector));
        keys.addAll(read.schemas().keySet());
        keys.addAll(read.installs().keySet());
        List<AccountSummary> summaries = new ArrayList<>();
        for (Key k : keys) {
            summaries.add(summary(k, read.schemas().get(k), read.installs().getOrDefault(k, List.of())));
        }
        return new AccountDetail(accountId, summaries, releases(accountId, summaries, read.events()), read.events());
    }

    /** What {@code GET /v1/packs/{pack}/release?account=&warehouse=} answers for each published pack of its connectors. */
    private List<AccountRelease> releases(String accountId, List<AccountSummary> summaries, List<AccountEvent> events) {
        Map<String, String> warehouseOf = new TreeMap<>();
        summaries.forEach(s -> warehouseOf.put(s.connector(), s.warehouse()));
        for (AccountEvent e : events) { // newest first: a connector seen only in renders takes its newest warehouse
            if (warehouseOf.get(e.connector()) == null) {
                warehouseOf.put(e.connector(), e.warehouse());
            }
        }
        List<AccountRelease> releases = new ArrayList<>();
        warehouseOf.forEach((connector, warehouse) -> {
            for (String pack : PackVersion.packsOf(connector)) {
                releases.add(rollouts.releaseFor(pack, accountId, warehouse));
            }
        });
        return releases;
    }

    private static AccountSummary summary(Key k, SchemaRow schema, List<InstallRow> newestFirst) {
        String warehouse = schema != null ? schema.warehouse()
                : newestFirst.stream().map(InstallRow::warehouse).filter(Objects::nonNull).findFirst().orElse(null);
        return new AccountSummary(k.accountId(), k.connector(), warehouse,
                schema == null ? null : SchemaRef.of(schema.fingerprint(), schema.capturedAt()),
                newestFirst.stream().sorted(Comparator.comparing(InstallRow::pack)).map(InstallRow::view).toList());
    }

    private static Map<Key, SchemaRow> byKey(List<SchemaRow> rows) {
        Map<Key, SchemaRow> out = new HashMap<>();
        rows.forEach(r -> out.put(new Key(r.accountId(), r.connector()), r));
        return out;
    }

    /** Per key, the newest row of each pack, newest first (stored and raw rows of one pack collapse to one). */
    private static Map<Key, List<InstallRow>> byKeyNewestFirst(List<InstallRow> rows) {
        Map<Key, Map<String, InstallRow>> latest = new HashMap<>();
        rows.stream().sorted(AccountRepository.NEWEST_INSTALL_FIRST).forEach(r -> latest
                .computeIfAbsent(new Key(r.accountId(), r.connector()), k -> new LinkedHashMap<>())
                .putIfAbsent(r.pack(), r));
        Map<Key, List<InstallRow>> out = new HashMap<>();
        latest.forEach((k, packs) -> out.put(k, List.copyOf(packs.values())));
        return out;
    }

    /** The key after which a page starts: before every key without a cursor. */
    private static Key decode(String cursor) {
        String text = PageCursor.decode(CURSOR, cursor);
        if (text == null) {
            return new Key("", "");
        }
        int space = text.indexOf(' ');
        if (space > 0 && RequestChecks.accountIdError(text.substring(0, space)) == null
                && Slugs.slugError(text.substring(space + 1)) == null) {
            return new Key(text.substring(0, space), text.substring(space + 1));
        }
        throw new InvalidInput("invalid cursor",
                List.of(new FieldError("cursor", "not a cursor returned by this list; start again without one")));
    }
}
