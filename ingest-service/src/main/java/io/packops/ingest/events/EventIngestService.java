package io.packops.ingest.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ingest.system.IngestConfig;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.events.EventBatchReader.ReadEvent;
import io.packops.servicekit.scrub.SecretScrubber;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/events}: reads the body, validates each event, scrubs and fingerprints the valid
 * ones and stores those with a new eventId in one statement. Invalid events are reported by index;
 * the request fails (400) only when no event is valid.
 */
@ApplicationScoped
public class EventIngestService {

    /** Stored error messages are at most this long: cut (before scrubbing, the cut marked) and scrubbed. */
    public static final int MAX_MESSAGE_LENGTH = 4_000;

    private final EventBatchReader reader;
    private final EventValidator validator;
    private final EventRepository repository;
    private final EventMetrics metrics;
    private final IngestConfig config;
    private final Clock clock;

    EventIngestService(ObjectMapper json, EventValidator validator, EventRepository repository, EventMetrics metrics,
                       IngestConfig config, Clock clock) {
        this.reader = new EventBatchReader(json.getFactory(), config.maxBatchEvents());
        this.validator = validator;
        this.repository = repository;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public IngestResponse ingest(byte[] body, boolean ndjson) {
        List<ReadEvent> read = ndjson ? reader.readNdjson(body) : reader.readJson(body);
        if (read.isEmpty()) {
            throw new InvalidInput("the batch is empty; send at least one event", List.of());
        }
        metrics.batch(read.size());
        Instant now = clock.instant();

        List<IngestResponse.Rejected> rejected = new ArrayList<>();
        List<FieldError> problems = new ArrayList<>();
        Map<String, AcceptedEvent> unique = new LinkedHashMap<>(read.size() * 2);
        List<AcceptedEvent> repeatedInBatch = new ArrayList<>();
        for (ReadEvent r : read) {
            List<FieldError> errors = r.errors();
            AcceptedEvent valid = null;
            if (r.event() != null) {
                EventValidator.Result result = validator.validate(r.event(), now);
                valid = errors.isEmpty() ? result.event() : null;
                errors = merge(errors, result.errors());
            }
            if (valid == null) {
                String eventId = r.event() == null ? null : r.event().eventId();
                rejected.add(new IngestResponse.Rejected(r.index(),
                        eventId != null && eventId.length() <= EventValidator.MAX_ID_LENGTH ? eventId : null,
                        errors.stream().map(EventIngestService::describe).toList()));
                for (FieldError e : errors) {
                    problems.add(new FieldError("[" + r.index() + "]" + (e.field() == null ? "" : "." + e.field()), e.message()));
                }
                metrics.rejected(r.event() == null ? null : r.event().type(), r.event() == null ? null : r.event().outcome(),
                        r.event() == null ? null : r.event().connector(), 1);
            } else if (unique.putIfAbsent(valid.eventId(), valid) != null) {
                repeatedInBatch.add(valid);
            }
        }
        if (unique.isEmpty()) {
            throw new InvalidInput(read.size() == 1 ? "the event is not valid"
                    : "none of the " + read.size() + " events is valid", problems);
        }

        List<AcceptedEvent> toStore = new ArrayList<>(unique.size());
        for (AcceptedEvent e : unique.values()) {
            toStore.add(prepare(e));
        }
        Set<String> stored = repository.insertNew(toStore, now);

        metrics.stored(toStore.stream().filter(e -> stored.contains(e.eventId())).toList());
        Map<List<String>, int[]> byTags = new HashMap<>();
        for (AcceptedEvent e : toStore) {
            byTags.computeIfAbsent(List.of(e.type(), e.outcome(), e.connector()), k -> new int[2])[stored.contains(e.eventId()) ? 0 : 1]++;
        }
        for (AcceptedEvent e : repeatedInBatch) {
            byTags.computeIfAbsent(List.of(e.type(), e.outcome(), e.connector()), k -> new int[2])[1]++;
        }
        byTags.forEach((tags, counts) -> {
            metrics.accepted(tags.get(0), tags.get(1), tags.get(2), counts[0]);
            metrics.duplicates(tags.get(0), tags.get(1), tags.get(2), counts[1]);
        });
        int accepted = stored.size();
        int duplicates = toStore.size() - accepted + repeatedInBatch.size();
        return new IngestResponse(accepted, duplicates, rejected);
    }

    /** Scrubs and cuts the message; failures get their fingerprint and template. */
    static AcceptedEvent prepare(AcceptedEvent e) {
        String message = e.errorMessage();
        message = SecretScrubber.scrubAndCut(message, MAX_MESSAGE_LENGTH);
        String fingerprint = null;
        String template = null;
        if ("failed".equals(e.outcome())) {
            FailureFingerprint.Failure failure = FailureFingerprint.of(e.errorCode(),
                    e.stage() == null ? e.type() : e.stage(), message);
            fingerprint = failure.fingerprint();
            template = failure.template();
        }
        return new AcceptedEvent(e.eventId(), e.type(), e.occurredAt(), e.accountId(), e.connector(), e.pack(),
                e.packVersion(), e.warehouse(), e.outcome(), e.stage(), e.dashboard(), e.tile(), e.errorCode(), message,
                fingerprint, template, e.durationMs());
    }

    /**
     * eventIds are remembered as long as a replay could still be accepted: an event older than the
     * retention is refused anyway, and its key arrived at most maxFutureSkew before it happened.
     */
    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        purgeExpiredKeys();
    }

    /** Forgets eventIds too old to be replayed; returns how many. */
    public int purgeExpiredKeys() {
        Instant before = clock.instant().minus(config.retention()).minus(config.maxFutureSkew());
        int purged = repository.purgeKeysReceivedBefore(before);
        if (purged > 0) {
            Log.infof("forgot %d event ids received before %s", purged, before);
        }
        return purged;
    }

    /** Type errors from reading come first; a field already reported there is not reported again. */
    private static List<FieldError> merge(List<FieldError> typeErrors, List<FieldError> ruleErrors) {
        if (typeErrors.isEmpty()) {
            return ruleErrors;
        }
        List<FieldError> all = new ArrayList<>(typeErrors);
        for (FieldError e : ruleErrors) {
            if (typeErrors.stream().noneMatch(t -> t.field() != null && t.field().equals(e.field()))) {
                all.add(e);
            }
        }
        return all;
    }

    private static String describe(FieldError e) {
        return e.field() == null ? e.message() : e.field() + ": " + e.message();
    }
}
