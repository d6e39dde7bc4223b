package io.packops.ingest.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.ingest.system.InvalidInput;
import io.packops.ingest.system.TooLarge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code POST /v1/events} body, one event object, a JSON array of them, or NDJSON, into
 * events with their positions, leniently enough to refuse single events rather than whole batches:
 * an element that is not an object, a field of the wrong JSON type, or an NDJSON line that is not
 * JSON only marks that event. A body that is not JSON at all is a 400; more events than allowed a 413.
 *
 * <p>Streams with Jackson's parser straight into {@link TelemetryEvent}s: no tree, no reflection.
 */
public final class EventBatchReader {

    /** One event read from the body: its index, its fields, and what was wrong with their JSON types. */
    public record ReadEvent(int index, TelemetryEvent event, List<FieldError> errors) {
        public boolean readable() {
            return event != null && errors.isEmpty();
        }
    }

    private final JsonFactory json;
    private final int maxEvents;

    public EventBatchReader(JsonFactory json, int maxEvents) {
        this.json = json;
        this.maxEvents = maxEvents;
    }

    /** {@code application/json}: an object or an array. */
    public List<ReadEvent> readJson(byte[] body) {
        List<ReadEvent> events = new ArrayList<>();
        try (JsonParser p = json.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInput("the body is empty; send an event object, an array of events or NDJSON", List.of());
            }
            if (first == JsonToken.START_OBJECT) {
                events.add(readElement(p, 0));
            } else if (first == JsonToken.START_ARRAY) {
                int index = 0;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new InvalidInput("the body is not valid JSON: the array is not closed", List.of());
                    }
                    if (index >= maxEvents) {
                        p.skipChildren();
                        index++;
                        continue;
                    }
                    events.add(readElement(p, index++));
                }
                if (index > maxEvents) {
                    throw tooMany(index);
                }
            } else {
                throw new InvalidInput("the body must be an event object or an array of event objects, not "
                        + describe(first), List.of());
            }
            if (p.nextToken() != null) {
                throw new InvalidInput("the body has content after its JSON value; to send one event per line use "
                        + "Content-Type: application/x-ndjson", List.of());
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInput("the body is not valid JSON: " + reason(e, true), List.of());
        } catch (IOException e) {
            throw new InvalidInput("the body could not be read: " + e.getMessage(), List.of());
        }
        return events;
    }

    /** {@code application/x-ndjson}: one event object per line; blank lines are ignored. */
    public List<ReadEvent> readNdjson(byte[] body) {
        List<ReadEvent> events = new ArrayList<>();
        int index = 0;
        int lineNumber = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            int from = start;
            int to = end;
            while (from < to && isBlank(body[from])) {
                from++;
            }
            while (to > from && isBlank(body[to - 1])) {
                to--;
            }
            if (from < to) {
                if (index >= maxEvents) {
                    index++;
                } else {
                    events.add(readLine(body, from, to - from, index++, lineNumber));
                }
            }
            start = end + 1;
        }
        if (index > maxEvents) {
            throw tooMany(index);
        }
        if (events.isEmpty()) {
            throw new InvalidInput("the body is empty; send one event object per line", List.of());
        }
        return events;
    }

    private ReadEvent readLine(byte[] body, int offset, int length, int index, int lineNumber) {
        try (JsonParser p = json.createParser(body, offset, length)) {
            JsonToken first = p.nextToken();
            ReadEvent read = readElement(p, index);
            if (first == JsonToken.START_OBJECT && p.nextToken() != null) {
                return new ReadEvent(index, null, List.of(new FieldError(null,
                        "line " + lineNumber + " has content after its event object (one event per line)")));
            }
            return read;
        } catch (JsonProcessingException e) {
            return new ReadEvent(index, null, List.of(new FieldError(null,
                    "line " + lineNumber + " is not valid JSON: " + reason(e, false))));
        } catch (IOException e) {
            return new ReadEvent(index, null, List.of(new FieldError(null, "line " + lineNumber + " could not be read")));
        }
    }

    /** Reads the value at the parser's current token as an event; the parser ends on its last token. */
    private static ReadEvent readElement(JsonParser p, int index) throws IOException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new ReadEvent(index, null, List.of(new FieldError(null, "expected an event object, got " + describe(token))));
        }
        String eventId = null, type = null, occurredAt = null, accountId = null, connector = null, pack = null,
                packVersion = null, warehouse = null, outcome = null, stage = null, dashboard = null, tile = null,
                errorCode = null, errorMessage = null;
        Long durationMs = null;
        List<FieldError> errors = List.of();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("durationMs")) {
                if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    durationMs = p.getLongValue();
                } else if (value == JsonToken.VALUE_NUMBER_INT) {
                    errors = add(errors, field, "must be an integer from 0 to 86400000, got " + p.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    errors = add(errors, field, "must be an integer number of milliseconds, got " + describe(value));
                    p.skipChildren();
                }
                continue;
            }
            if (!isStringField(field)) {
                p.skipChildren(); // unknown field: ignored for forward compatibility
                continue;
            }
            String text = null;
            if (value == JsonToken.VALUE_STRING) {
                text = p.getText();
            } else if (value != JsonToken.VALUE_NULL) {
                errors = add(errors, field, "must be a string, got " + describe(value));
                p.skipChildren();
                continue;
            }
            switch (field) {
                case "eventId" -> eventId = text;
                case "type" -> type = text;
                case "occurredAt" -> occurredAt = text;
                case "accountId" -> accountId = text;
                case "connector" -> connector = text;
                case "pack" -> pack = text;
                case "packVersion" -> packVersion = text;
                case "warehouse" -> warehouse = text;
                case "outcome" -> outcome = text;
                case "stage" -> stage = text;
                case "dashboard" -> dashboard = text;
                case "tile" -> tile = text;
                case "errorCode" -> errorCode = text;
                case "errorMessage" -> errorMessage = text;
                default -> throw new IllegalStateException(field);
            }
        }
        TelemetryEvent event = new TelemetryEvent(eventId, type, occurredAt, accountId, connector, pack, packVersion,
                warehouse, outcome, stage, dashboard, tile, errorCode, errorMessage, durationMs);
        return new ReadEvent(index, event, errors);
    }

    private static boolean isStringField(String field) {
        return switch (field) {
            case "eventId", "type", "occurredAt", "accountId", "connector", "pack", "packVersion", "warehouse",
                 "outcome", "stage", "dashboard", "tile", "errorCode", "errorMessage" -> true;
            default -> false;
        };
    }

    private static List<FieldError> add(List<FieldError> errors, String field, String message) {
        List<FieldError> more = errors.isEmpty() ? new ArrayList<>(2) : errors;
        more.add(new FieldError(field, message));
        return more;
    }

    private TooLarge tooMany(int count) {
        return new TooLarge("a batch holds at most " + maxEvents + " events, this one has " + count + "; split it");
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String reason(JsonProcessingException e, boolean withLine) {
        String message = e.getOriginalMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline > 0 ? message.substring(0, newline) : message;
        }
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return message;
        }
        return message + (withLine ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : " (column " + at.getColumnNr() + ")");
    }
}
