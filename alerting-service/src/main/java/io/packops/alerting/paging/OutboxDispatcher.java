package io.packops.alerting.paging;

import io.micrometer.core.instrument.MeterRegistry;
import io.packops.alerting.paging.delivery.BoundedExchange;
import io.packops.servicekit.outbound.OutboundAddressPolicy;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the paging outbox, never with a transaction open while it waits for a receiver:
 * <ol>
 * <li><b>claim</b> (a short transaction): due rows nobody holds ({@code for update skip locked}, no live lease), of
 * destinations this replica is not already sending to, are leased ({@code claimed_until}, {@code claim_token}) and the
 * transaction commits;</li>
 * <li><b>send</b>, outside any transaction, in lanes per destination (the URL's authority): each destination's rows are
 * shared among at most {@code per-destination-concurrency} sender threads of a pool of {@code max-concurrent-sends}, so
 * a receiver that hangs delays only its own pages. Each exchange is bounded as a whole ({@link BoundedExchange}:
 * {@code send-timeout} for connect, headers and body, at most {@code max-answer-bytes} read), and the destination is
 * checked against the outbound policy after DNS first (no page to this network);</li>
 * <li><b>record</b> (a new short transaction per row): 2xx delivered; 4xx other than 408/429 or a refused destination
 * rejected for good; anything else retried with exponential backoff and jitter, no sooner than a 429/503
 * {@code Retry-After}, until {@code give-up-after}. Only the status and a short classification are kept, never the
 * receiver's words. Rejected and given-up rows fire {@link PageDeliveryFailed} after that commit.</li>
 * </ol>
 * A sender that dies mid-send leaves a lease that runs out, and another replica sends the row again: delivery is
 * at-least-once (PagerDuty dedups by dedup key). A queue, not a job: every replica runs it, each taking rows nobody holds.
 */
@Startup // its meters (backlog, pages sent and failed) exist from the start, not from the first dispatch
@ApplicationScoped
public class OutboxDispatcher {

    private static final int MAX_ROUNDS = 10;
    /** A lease covers each of its rows' sends plus DNS and the outcome's write, and a margin. */
    private static final Duration PER_SEND_MARGIN = Duration.ofSeconds(5);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Inject
    OutboxRepository outbox;

    @Inject
    PagingConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    Event<PageDeliveryFailed> failedPages;

    @Inject
    OutboundAddressPolicy outbound;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Destinations this replica is sending to now (their sender count): not claimed again until their lanes end. */
    private final Map<String, Integer> busy = new ConcurrentHashMap<>();
    private final AtomicBoolean legacySealed = new AtomicBoolean();
    private BoundedExchange exchange;
    private ExecutorService senders;

    /** What one attempt gave: an HTTP status (0 without a complete answer), a short classification, a Retry-After. */
    record Attempt(int status, String error, Duration retryAfter, boolean refused) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** Never better by retrying: a 4xx other than 408/429, or a destination the outbound policy refuses. */
        boolean permanent() {
            return refused || (status >= 400 && status < 500 && status != 408 && status != 429);
        }
    }

    /** The rows one sender thread sends, one after another, to one destination. */
    record Lane(String destination, String claimToken, List<OutboxEntry> rows) {
    }

    @PostConstruct
    void init() {
        Duration connect = config.sendTimeout().compareTo(Duration.ofSeconds(5)) < 0 ? config.sendTimeout() : Duration.ofSeconds(5);
        exchange = new BoundedExchange(connect);
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, config.maxConcurrentSends()), r -> {
            Thread t = new Thread(r, "outbox-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        registry.gauge("packops.outbox.backlog", backlog);
        registry.gauge("packops.outbox.in_flight", inFlight);
        // every channel's series exist from the start at 0, so rate() and increase() see the first failure too
        for (String channel : List.of(PageTarget.PAGERDUTY, PageTarget.SLACK, PageTarget.WEBHOOK)) {
            registry.counter("packops.pages.sent", "channel", channel, "outcome", OutboxEntry.DELIVERED);
            for (String reason : List.of(PageDeliveryFailed.REJECTED, PageDeliveryFailed.GAVE_UP)) {
                registry.counter("packops.pages.failed", "channel", channel, "reason", reason);
            }
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow(); // rows in flight keep their lease: another replica (or this one restarted) sends them
    }

    @Scheduled(identity = "outbox-dispatcher", every = "${packops.paging.dispatch-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sealLegacyRows();
        start(); // returns at once: the sends run on their lanes, the next tick claims for the destinations left idle
    }

    /** The backlog gauge on its own schedule: a count query, never behind a send that hangs. */
    @Scheduled(identity = "outbox-backlog", every = "${packops.paging.dispatch-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refreshBacklog() {
        backlog.set(QuarkusTransaction.requiringNew().call(outbox::backlog));
    }

    /** What the {@code packops.outbox.backlog} gauge reports (as of the last refresh). */
    long backlogGauge() {
        return backlog.get();
    }

    /** What the {@code packops.outbox.in_flight} gauge reports: sender lanes running now. */
    int inFlightGauge() {
        return inFlight.get();
    }

    /**
     * Sends what is due now and waits for those sends (each bounded by {@code send-timeout}); returns how many attempts
     * were made. Claims again while rows were claimed, since a delivered row may release the next one of its dedup key.
     */
    public int dispatch() {
        int total = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<CompletableFuture<Integer>> lanes = start();
            if (lanes.isEmpty()) {
                break;
            }
            total += lanes.stream().mapToInt(CompletableFuture::join).sum();
        }
        refreshBacklog();
        return total;
    }

    /** Claims what is due for the idle destinations and starts their lanes; one future per lane (its attempts). */
    List<CompletableFuture<Integer>> start() {
        List<Lane> lanes;
        synchronized (busy) { // one claim at a time here, so no destination gets a second set of lanes
            int free = config.maxConcurrentSends() - inFlight.get();
            if (free <= 0) {
                return List.of();
            }
            lanes = QuarkusTransaction.requiringNew().call(() -> claim(clock.instant(), free));
            for (Lane lane : lanes) {
                busy.merge(lane.destination(), 1, Integer::sum);
                inFlight.incrementAndGet();
            }
        }
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        for (Lane lane : lanes) {
            started.add(CompletableFuture.supplyAsync(() -> run(lane), senders));
        }
        return started;
    }

    /**
     * Leases due rows (in the caller's transaction) and splits them into at most {@code free} lanes: per destination, in
     * id order, up to {@code batch-size} rows shared among at most {@code per-destination-concurrency} lanes.
     */
    List<Lane> claim(Instant now, int free) {
        int batch = Math.max(1, config.batchSize());
        List<OutboxEntry> due = outbox.claimDue(now, batch * 4, List.copyOf(busy.keySet()));
        Map<String, List<OutboxEntry>> byDestination = new LinkedHashMap<>();
        for (OutboxEntry row : due) {
            List<OutboxEntry> rows = byDestination.computeIfAbsent(row.destination == null ? "" : row.destination,
                    d -> new ArrayList<>());
            if (rows.size() < batch) {
                rows.add(row);
            }
        }
        List<Lane> lanes = new ArrayList<>();
        Duration perSend = config.sendTimeout().plus(PER_SEND_MARGIN);
        for (Map.Entry<String, List<OutboxEntry>> d : byDestination.entrySet()) {
            int left = free - lanes.size();
            if (left <= 0) {
                break;
            }
            List<OutboxEntry> rows = d.getValue();
            int count = Math.min(Math.min(Math.max(1, config.perDestinationConcurrency()), rows.size()), left);
            List<List<OutboxEntry>> split = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                split.add(new ArrayList<>());
            }
            for (int i = 0; i < rows.size(); i++) {
                split.get(i % count).add(rows.get(i));
            }
            for (List<OutboxEntry> laneRows : split) {
                String token = UUID.randomUUID().toString();
                Instant lease = now.plus(perSend.multipliedBy(laneRows.size())).plus(LEASE_MARGIN);
                for (OutboxEntry row : laneRows) {
                    row.claimedUntil = lease;
                    row.claimToken = token;
                }
                lanes.add(new Lane(d.getKey(), token, laneRows));
            }
        }
        return lanes; // rows not taken are only unlocked at commit: no lease, the next claim sees them
    }

    private int run(Lane lane) {
        int attempts = 0;
        try {
            for (OutboxEntry row : lane.rows()) {
                Attempt attempt = send(row);
                attempts++;
                Optional<PageDeliveryFailed> failed = QuarkusTransaction.requiringNew()
                        .call(() -> record(row.id, lane.claimToken(), attempt));
                failed.ifPresent(this::signal);
            }
        } catch (RuntimeException e) {
            // the rows not recorded keep their lease and are sent again once it has passed
            Log.errorf(e, "outbox lane to %s stopped after %d attempt(s)", lane.destination(), attempts);
        } finally {
            synchronized (busy) {
                busy.computeIfPresent(lane.destination(), (d, n) -> n <= 1 ? null : n - 1);
                inFlight.decrementAndGet();
            }
        }
        return attempts;
    }

    /** Records an attempt on row {@code id} if this claim still holds it; the failure to signal after commit, if any. */
    Optional<PageDeliveryFailed> record(long id, String claimToken, Attempt attempt) {
        OutboxEntry row = outbox.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || !claimToken.equals(row.claimToken) || !OutboxEntry.PENDING.equals(row.state)) {
            Log.warnf("page %d: its lease ran out before the outcome (%s) was recorded; another sender has it", id,
                    attempt.delivered() ? "delivered" : attempt.error());
            return Optional.empty();
        }
        Instant at = clock.instant();
        row.claimedUntil = null;
        row.claimToken = null;
        row.attempts++;
        row.lastAttemptAt = at;
        row.lastStatus = attempt.status() == 0 ? null : attempt.status();
        String target = outbox.target(row);
        if (attempt.delivered()) {
            row.state = OutboxEntry.DELIVERED;
            row.deliveredAt = at;
            row.lastError = null;
            count(row, "delivered");
            Log.infof("page %d (%s %s of %s) delivered to %s after %d attempt(s)", row.id, row.channel, row.action,
                    row.dedupKey, target, row.attempts);
            return Optional.empty();
        }
        row.lastError = attempt.error();
        if (attempt.permanent()) {
            Log.errorf("page %d (%s %s of %s) rejected by %s: %s", row.id, row.channel, row.action, row.dedupKey,
                    target, attempt.error());
            return Optional.of(fail(row, at, PageDeliveryFailed.REJECTED, target));
        }
        if (!at.isBefore(row.createdAt.plus(config.giveUpAfter()))) {
            Log.errorf("page %d (%s %s of %s) to %s given up after %d attempts: %s", row.id, row.channel, row.action,
                    row.dedupKey, target, row.attempts, attempt.error());
            return Optional.of(fail(row, at, PageDeliveryFailed.GAVE_UP, target));
        }
        Duration delay = backoff(row.attempts);
        if (attempt.retryAfter() != null && attempt.retryAfter().compareTo(delay) > 0) {
            delay = attempt.retryAfter();
        }
        Instant next = at.plus(delay);
        Instant deadline = row.createdAt.plus(config.giveUpAfter());
        row.nextAttemptAt = next.isAfter(deadline) ? deadline : next;
        count(row, "retry");
        Log.warnf("page %d (%s %s of %s) to %s failed (attempt %d: %s), next attempt at %s", row.id, row.channel,
                row.action, row.dedupKey, target, row.attempts, attempt.error(), row.nextAttemptAt);
        return Optional.empty();
    }

    private PageDeliveryFailed fail(OutboxEntry row, Instant at, String reason, String target) {
        row.state = OutboxEntry.FAILED;
        row.failedAt = at;
        count(row, reason);
        registry.counter("packops.pages.failed", "channel", row.channel, "reason", reason).increment();
        return new PageDeliveryFailed(row.id, row.alertId, row.dedupKey, row.channel, row.action, row.targetKind,
                row.team, target, reason, row.attempts, row.lastStatus, row.lastError, at);
    }

    private void signal(PageDeliveryFailed event) {
        try {
            failedPages.fire(event);
        } catch (RuntimeException e) {
            Log.errorf(e, "an observer of PageDeliveryFailed for page %d failed", event.outboxId());
        }
    }

    private void count(OutboxEntry row, String outcome) {
        registry.counter("packops.pages.sent", "channel", row.channel, "outcome", outcome).increment();
    }

    /** One bounded exchange with the row's destination (no transaction open), after the outbound policy allowed it. */
    Attempt send(OutboxEntry row) {
        Optional<OutboxRepository.Route> route = outbox.route(row);
        if (route.isEmpty()) {
            return new Attempt(0, "destination unreadable (the outbox key changed)", null, true);
        }
        String url = route.get().url();
        String routeKey = route.get().routeKey();
        OutboundAddressPolicy.Verdict verdict = outbound.checkResolved(url);
        if (verdict.kind() == OutboundAddressPolicy.Verdict.Kind.REFUSED) {
            return new Attempt(0, "destination refused: " + verdict.reason(), null, true);
        }
        if (verdict.kind() == OutboundAddressPolicy.Verdict.Kind.UNRESOLVED) {
            return new Attempt(0, verdict.reason(), null, false);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            // a malformed target URL never gets better: treat like a rejection (never echo the URL itself)
            return new Attempt(400, "invalid target URL", null, false);
        }
        String body = routeKey == null ? row.payload : PagerDutyNotifier.withRoutingKey(row.payload, routeKey);
        BoundedExchange.Answer answer = exchange.post(uri, body,
                Map.of("Content-Type", "application/json", "User-Agent", "packops-alerting"),
                config.sendTimeout(), config.maxAnswerBytes());
        if (answer.status() >= 200 && answer.status() < 300) {
            return new Attempt(answer.status(), null, null, false);
        }
        Duration retryAfter = answer.status() == 429 || answer.status() == 503
                ? retryAfter(answer.retryAfter(), clock.instant()).orElse(null) : null;
        return new Attempt(answer.status(), answer.describe(config.maxAnswerBytes()), retryAfter, false);
    }

    /** Seals the rows written before V20 (routes in the clear), once per start of this replica. */
    void sealLegacyRows() {
        if (legacySealed.get()) {
            return;
        }
        int sealed;
        int total = 0;
        do {
            sealed = QuarkusTransaction.requiringNew().call(() -> outbox.sealLegacyRows(500));
            total += sealed;
        } while (sealed == 500);
        legacySealed.set(true);
        if (total > 0) {
            Log.infof("sealed the routes of %d outbox row(s) written before sealing", total);
        }
    }

    /** Exponential: base × 2^(attempts-1), at most max, the jitter share of it random. */
    Duration backoff(int attempts) {
        long base = config.retry().base().toMillis();
        long max = config.retry().max().toMillis();
        long delay = attempts >= 40 ? max : Math.min(max, base * (1L << Math.max(0, attempts - 1)));
        double jitter = Math.max(0, Math.min(1, config.retry().jitter()));
        long fixed = (long) (delay * (1 - jitter));
        long random = (long) (delay * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(1, fixed + random));
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
