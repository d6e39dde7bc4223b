package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * How often a layer hands off. In the document: {@code rotation: daily}, {@code rotation: weekly} or
 * {@code rotation: { hours: 12 }}.
 *
 * @param hours the shift length in elapsed hours for {@link Kind#HOURS}, 0 otherwise
 */
@RegisterForReflection
@Schema(description = "daily, weekly, or {hours: N} with N from 1 to 8760", oneOf = {Rotation.Named.class, Rotation.Hours.class})
public record Rotation(Kind kind, int hours) {

    /** The document's {@code daily} and {@code weekly}, for the API description. */
    @Schema(name = "NamedRotation", type = SchemaType.STRING, enumeration = {"daily", "weekly"})
    interface Named {
    }

    /** The document's {@code {hours: N}}, for the API description. */
    @Schema(name = "HoursRotation")
    record Hours(@Schema(required = true, minimum = "1", maximum = "8760") int hours) {
    }

    public enum Kind { DAILY, WEEKLY, HOURS }

    public static Rotation daily() {
        return new Rotation(Kind.DAILY, 0);
    }

    public static Rotation weekly() {
        return new Rotation(Kind.WEEKLY, 0);
    }

    public static Rotation hours(int n) {
        return new Rotation(Kind.HOURS, n);
    }

    /** The document form: {@code "daily"}, {@code "weekly"} or {@code {"hours": N}}. */
    @JsonValue
    public Object toJson() {
        return switch (kind) {
            case DAILY -> "daily";
            case WEEKLY -> "weekly";
            case HOURS -> Map.of("hours", hours);
        };
    }

    /** Reads the document form; shape errors are the validator's job, this only maps valid input. */
    @JsonCreator
    public static Rotation fromJson(JsonNode node) {
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "daily" -> daily();
                case "weekly" -> weekly();
                default -> throw new IllegalArgumentException("rotation must be daily, weekly or {hours: N}");
            };
        }
        if (node.isObject() && node.path("hours").canConvertToInt()) {
            return hours(node.path("hours").asInt());
        }
        throw new IllegalArgumentException("rotation must be daily, weekly or {hours: N}");
    }
}
