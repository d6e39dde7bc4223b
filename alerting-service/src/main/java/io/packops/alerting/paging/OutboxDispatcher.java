package io.packops.alerting.paging;

import io.micrometer.core.instrument.MeterRegistry;
import io.packops.servicekit.scrub.SecretScrubber;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the paging outbox. Each run claims due rows with {@code for update skip locked} (replicas never send
 * one row at the same time; the lock is held while sending), POSTs each payload, and records the result:
 * 2xx delivered; 4xx other than 408/429 rejected for good; anything else retried with exponential backoff and
 * jitter, no sooner than a 429/503 {@code Retry-After}, until {@code give-up-after}. Rejected and given-up rows
 * fire {@link PageDeliveryFailed} and count in {@code packops.pages.failed}.
 *
 * <p>A queue, not a job: it is not run "once per interval" ({@code OncePerInterval}) but on every replica, each taking
 * the rows nobody holds, so a dead replica's rows go out from another at once. It is the one place an HTTP call is made
 * with a transaction open, on purpose: the row lock held across the POST is what keeps a second replica from sending the
 * same page meanwhile, and the transaction's timeout is sized for the batch ({@code batch-size} × {@code send-timeout}).
 */
@Startup // its meters (backlog, pages sent and failed) exist from the start, not from the first dispatch
@ApplicationScoped
public class OutboxDispatcher {

    private static final int MAX_ROUNDS = 10;
    private static final int ERROR_MAX = 500;

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

    private final AtomicLong backlog = new AtomicLong();
    private HttpClient http;

    /** What one attempt gave: an HTTP status (0 without an answer), the error, and a Retry-After if any. */
    record Attempt(int status, String error, Duration retryAfter) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }

        boolean permanent() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        registry.gauge("packops.outbox.backlog", backlog);
        // every channel's series exist from the start at 0, so rate() and increase() see the first failure too
        for (String channel : List.of(PageTarget.PAGERDUTY, PageTarget.SLACK, PageTarget.WEBHOOK)) {
            registry.counter("packops.pages.sent", "channel", channel, "outcome", OutboxEntry.DELIVERED);
            for (String reason : List.of(PageDeliveryFailed.REJECTED, PageDeliveryFailed.GAVE_UP)) {
                registry.counter("packops.pages.failed", "channel", channel, "reason", reason);
            }
        }
    }

    @Scheduled(identity = "outbox-dispatcher", every = "${packops.paging.dispatch-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        dispatch();
    }

    /**
     * Sends what is due now; returns how many attempts were made. Runs again while rows were claimed, since a
     * delivered row may release the next one of its dedup key.
     */
    public int dispatch() {
        int total = 0;
        int txTimeout = (int) Math.min(3600, config.batchSize() * (config.sendTimeout().toSeconds() + 6) + 30);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<PageDeliveryFailed> failures = new ArrayList<>();
            int attempted = QuarkusTransaction.requiringNew().timeout(txTimeout).call(() -> dispatchBatch(failures));
            failures.forEach(this::signal);
            total += attempted;
            if (attempted == 0) {
                break;
            }
        }
        backlog.set(QuarkusTransaction.requiringNew().call(outbox::backlog));
        return total;
    }

    private int dispatchBatch(List<PageDeliveryFailed> failures) {
        Instant now = clock.instant();
        List<OutboxEntry> due = outbox.claimDue(now, config.batchSize());
        for (OutboxEntry row : due) {
            Attempt attempt = send(row);
            Instant at = clock.instant();
            row.attempts++;
            row.lastAttemptAt = at;
            row.lastStatus = attempt.status() == 0 ? null : attempt.status();
            String target = PageTarget.mask(row.channel, row.url, row.routeKey);
            if (attempt.delivered()) {
                row.state = OutboxEntry.DELIVERED;
                row.deliveredAt = at;
                row.lastError = null;
                count(row, "delivered");
                Log.infof("page %d (%s %s of %s) delivered to %s after %d attempt(s)", row.id, row.channel, row.action,
                        row.dedupKey, target, row.attempts);
                continue;
            }
            row.lastError = attempt.error();
            if (attempt.permanent()) {
                failures.add(fail(row, at, PageDeliveryFailed.REJECTED));
                Log.errorf("page %d (%s %s of %s) rejected by %s: %s", row.id, row.channel, row.action, row.dedupKey,
                        target, attempt.error());
            } else if (!at.isBefore(row.createdAt.plus(config.giveUpAfter()))) {
                failures.add(fail(row, at, PageDeliveryFailed.GAVE_UP));
                Log.errorf("page %d (%s %s of %s) to %s given up after %d attempts: %s", row.id, row.channel, row.action,
                        row.dedupKey, target, row.attempts, attempt.error());
            } else {
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
            }
        }
        return due.size();
    }

    private PageDeliveryFailed fail(OutboxEntry row, Instant at, String reason) {
        row.state = OutboxEntry.FAILED;
        row.failedAt = at;
        count(row, reason);
        registry.counter("packops.pages.failed", "channel", row.channel, "reason", reason).increment();
        return new PageDeliveryFailed(row.id, row.alertId, row.dedupKey, row.channel, row.action, row.targetKind,
                row.team, PageTarget.mask(row.channel, row.url, row.routeKey), reason, row.attempts, row.lastStatus,
                row.lastError, at);
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

    Attempt send(OutboxEntry row) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(row.url))
                    .timeout(config.sendTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "packops-alerting")
                    .POST(HttpRequest.BodyPublishers.ofString(row.payload))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(status, null, null);
            }
            Duration retryAfter = status == 429 || status == 503
                    ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant()).orElse(null)
                    : null;
            String body = response.body() == null ? "" : response.body().strip();
            return new Attempt(status, truncate("HTTP " + status + (body.isEmpty() ? "" : ": " + body)), retryAfter);
        } catch (IllegalArgumentException e) {
            // a malformed target URL never gets better: treat like a rejection (never echo the URL itself)
            return new Attempt(400, "invalid target URL", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, "interrupted", null);
        } catch (IOException e) {
            return new Attempt(0, truncate(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), null);
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

    /** A receiver's answer or an I/O error as it is kept: cut, and without the secrets a receiver may echo back. */
    private static String truncate(String s) {
        return SecretScrubber.scrubAndCut(s, ERROR_MAX);
    }
}
