package io.packops.ownership.oncall;

import io.packops.ownership.document.NoDocumentYet;
import io.packops.ownership.document.OwnershipStore;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.system.OwnershipApi;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Who is on call in a schedule at an instant, and its resolved timeline (for a calendar view). */
@Path("/v1/schedules/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR})
@Tag(name = OwnershipApi.SCHEDULES)
public class ScheduleResource {

    /** The longest timeline one request may ask for. */
    static final Duration MAX_RANGE = Duration.ofDays(93);

    @Inject
    OwnershipStore store;

    @Inject
    OnCallResolver resolver;

    @Inject
    Clock clock;

    /** {@code onCall} is null when nobody is on call at {@code at}. */
    @RegisterForReflection
    public record OnCallView(String schedule, String timezone, Instant at, long revision, Shift onCall) {
    }

    @RegisterForReflection
    public record ShiftsView(String schedule, String timezone, Instant from, Instant to, long revision, List<Shift> shifts,
                             List<Gap> gaps) {
    }

    @RegisterForReflection
    public record Gap(Instant start, Instant end) {
    }

    @GET
    @Path("/oncall")
    @Operation(operationId = "getScheduleOnCall", summary = "Who is on call in a schedule at an instant",
            description = "At 'at' (default now), with the full extent of their shift; onCall is null when nobody is.")
    @APIResponse(responseCode = "200", description = "Who is on call",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OnCallView.class)))
    public OnCallView onCall(@Parameter(description = "A schedule id of the current document") @PathParam("id") String id,
                             @Parameter(description = "When, RFC 3339 with offset (default now)",
                                     schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                             @QueryParam("at") String at) {
        OwnershipStore.Current current = current();
        Schedule s = schedule(current, id);
        Instant when = TimeParams.instant("at", at, clock);
        return new OnCallView(s.id(), s.timezone(), when, current.revision(), resolver.onCall(s, when).orElse(null));
    }

    @GET
    @Path("/shifts")
    @Operation(operationId = "listScheduleShifts", summary = "A schedule's resolved timeline, for a calendar",
            description = "The shifts of [from, to) (default: now to 14 days ahead, at most 93 days) and the gaps with nobody on call.")
    @APIResponse(responseCode = "200", description = "Shifts and gaps",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShiftsView.class)))
    public ShiftsView shifts(@Parameter(description = "A schedule id of the current document") @PathParam("id") String id,
                             @Parameter(description = "Start, RFC 3339 with offset (default now)",
                                     schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                             @QueryParam("from") String from,
                             @Parameter(description = "End, RFC 3339 with offset (default from + 14 days)",
                                     schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                             @QueryParam("to") String to) {
        OwnershipStore.Current current = current();
        Schedule s = schedule(current, id);
        Instant start = TimeParams.instant("from", from, clock);
        Instant end = to == null || to.isBlank() ? start.plus(Duration.ofDays(14)) : TimeParams.instant("to", to, clock);
        if (!end.isAfter(start)) {
            throw new ProblemException(400, "Bad Request", "to must be after from",
                    List.of(new Problem.FieldError("to", "must be after from (" + start + ")")));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new ProblemException(400, "Bad Request", "at most " + MAX_RANGE.toDays() + " days per request",
                    List.of(new Problem.FieldError("to", "more than " + MAX_RANGE.toDays() + " days after from")));
        }
        List<Gap> gaps = resolver.coverageGaps(s, start, end).stream().map(g -> new Gap(g.start(), g.end())).toList();
        return new ShiftsView(s.id(), s.timezone(), start, end, current.revision(), resolver.shifts(s, start, end), gaps);
    }

    private OwnershipStore.Current current() {
        return store.current().orElseThrow(() -> new NoDocumentYet(
                "no ownership document has been loaded yet, so there are no schedules"));
    }

    private static Schedule schedule(OwnershipStore.Current current, String id) {
        return current.document().schedule(id).orElseThrow(() -> new UnknownSchedule(id, current.revision()));
    }
}
