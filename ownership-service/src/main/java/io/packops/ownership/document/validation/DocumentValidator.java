package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.system.OwnershipConfig;
import io.packops.servicekit.outbound.OutboundAddressPolicy;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.List;

import static io.packops.ownership.document.validation.Checks.kind;

/**
 * Validates a whole ownership document tree (as parsed, before it becomes the model) and reports every
 * error at once, each with its path ({@code schedules[1].layers[0].participants[2]}; {@code $} for the
 * document itself). A document without errors maps to an {@link OwnershipDocument}.
 *
 * <p>One {@link SectionValidator} per section, run in document order, sharing one {@link Checks} pass (the violations
 * and the ids references may point at). Rules beyond DESIGN's example, chosen here: every section is optional but the
 * rules need a catch-all, a schedule needs a team, a time zone and at least one layer; a rule needs a team, an
 * escalation policy and a support queue (a missing runbook is a readiness gap, not an error); {@code ${ENV_VAR}}
 * references are allowed only in the secret fields, where they may be the whole value or part of it.
 */
@ApplicationScoped
public class DocumentValidator {

    private static final List<String> DOCUMENT_FIELDS = List.of("teams", "people", "schedules", "escalationPolicies", "rules",
            "connectors");
    private static final List<SectionValidator> SECTIONS = List.of(new TeamsValidator(), new PeopleValidator(),
            new SchedulesValidator(), new PoliciesValidator(), new RulesValidator(), new ConnectorsValidator());

    /** The outcome: the document when there is no error, else every error in document order. */
    public record Result(OwnershipDocument document, List<Violation> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    OwnershipConfig config;

    @Inject
    OutboundAddressPolicy outbound;

    /** Validates {@code root} (null: nothing was sent) and, when valid, maps it to the model. */
    public Result validate(JsonNode root) {
        if (root == null) {
            return invalid("the document is empty; expected a mapping with " + String.join(", ", DOCUMENT_FIELDS));
        }
        if (!root.isObject()) {
            return invalid("the document must be a mapping with " + String.join(", ", DOCUMENT_FIELDS) + ", not " + kind(root));
        }
        Checks checks = new Checks(root, config.secrets().deniedPrefixes(), outbound);
        checks.fields(root, "", DOCUMENT_FIELDS);
        for (SectionValidator section : SECTIONS) {
            section.validate(checks);
        }
        List<Violation> violations = checks.violations();
        if (!violations.isEmpty()) {
            return new Result(null, violations);
        }
        try {
            return new Result(mapper.treeToValue(normalised(root), OwnershipDocument.class), List.of());
        } catch (Exception e) {
            // The checks above are meant to admit only what the model can read; this is a bug, not bad input.
            Log.error("a document that passed validation could not be mapped to the model", e);
            return invalid("the document could not be read: " + e.getMessage());
        }
    }

    private static Result invalid(String message) {
        return new Result(null, List.of(new Violation("$", message)));
    }

    /** Overrides as UTC instants ({@code +01:00} becomes {@code Z}), so equal documents compare equal. */
    private static JsonNode normalised(JsonNode root) {
        ObjectNode copy = (ObjectNode) root.deepCopy();
        for (JsonNode schedule : copy.path("schedules")) {
            for (JsonNode override : schedule.path("overrides")) {
                for (String key : List.of("start", "end")) {
                    ((ObjectNode) override).put(key, OffsetDateTime.parse(override.get(key).textValue()).toInstant().toString());
                }
            }
        }
        return copy;
    }
}
