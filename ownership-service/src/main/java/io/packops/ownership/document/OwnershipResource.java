package io.packops.ownership.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.document.DocumentRevisionRepository.Revision;
import io.packops.ownership.document.OwnershipStore.Current;
import io.packops.ownership.document.OwnershipViews.CurrentView;
import io.packops.ownership.document.OwnershipViews.PutResult;
import io.packops.ownership.document.OwnershipViews.RevisionItem;
import io.packops.ownership.document.OwnershipViews.RevisionPage;
import io.packops.ownership.document.OwnershipViews.RevisionView;
import io.packops.ownership.document.SecretResolver.View;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.validation.DocumentValidator;
import io.packops.ownership.system.OwnershipApi;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.openapi.ProblemResponses;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The ownership document as code: replace it as a whole (admin), read the current one and its history.
 * Every revision keeps who, when, the text as submitted and a diff summary; secrets are shown per role
 * (see {@link SecretResolver}).
 */
@Path("/v1/ownership")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OwnershipApi.DOCUMENT)
public class OwnershipResource {

    private static final String RESOLVE_SECRETS = "true: the values of the team's routing keys and webhooks instead of"
            + " their ${...} references, with a warning for each variable that is not set (operator, admin)";

    @Inject
    OwnershipStore store;

    @Inject
    DocumentParser parser;

    @Inject
    DocumentValidator validator;

    @Inject
    SecretResolver secrets;

    @Inject
    SecurityIdentity identity;

    /**
     * Replaces the whole document. 201 (Location, ETag) with a new revision; 200 with {@code changed: false}
     * when the document equals the current one; 400 malformed; 422 invalid (every error); 412 If-Match mismatch.
     */
    @PUT
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.APPLICATION_JSON})
    @RolesAllowed(TokenRoles.ADMIN)
    @Operation(operationId = "putOwnershipDocument", summary = "Replace the ownership document",
            description = "The whole document, YAML or JSON. Identical to the current one (as the model reads it): 200 and"
                    + " nothing is written; otherwise a new revision. Invalid: 422 with every error and its path.")
    @APIResponse(responseCode = "201", description = "A new revision",
            headers = {@Header(name = "Location", description = "/v1/ownership/revisions/{revision}", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "the new revision, for If-Match", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PutResult.class)))
    @APIResponse(responseCode = "200", description = "The document equals the current one: nothing was written",
            headers = @Header(name = "ETag", description = "the current revision", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PutResult.class)))
    @APIResponse(responseCode = "412", description = "If-Match names a revision that is no longer the current one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The document is invalid; errors lists every error with its path",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response replace(
            @RequestBody(required = true, description = "The whole ownership document (DESIGN \"Ownership document\")", content = {
                    @Content(mediaType = "application/yaml", schema = @Schema(implementation = OwnershipDocument.class)),
                    @Content(mediaType = "text/yaml", schema = @Schema(implementation = OwnershipDocument.class)),
                    @Content(mediaType = "application/x-yaml", schema = @Schema(implementation = OwnershipDocument.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OwnershipDocument.class))})
            String body,
            @Context HttpHeaders headers,
            @Parameter(description = "The revision the change is based on, as GET /v1/ownership's ETag gives it (\"0\": none yet)")
            @HeaderParam("If-Match") String ifMatch) {
        OptionalLong expected = RevisionParams.expectedRevision(ifMatch);
        DocumentParser.Format format = DocumentParser.formatOf(
                headers.getMediaType() == null ? null : headers.getMediaType().toString());
        JsonNode tree;
        try {
            tree = parser.parse(body, format);
        } catch (DocumentParser.SyntaxError e) {
            throw ProblemException.badRequest(e.getMessage(), List.of(new Problem.FieldError("body",
                    (e.line() > 0 ? "line " + e.line() + ", column " + e.column() + ": " : "") + e.problem())));
        }
        if (tree == null) {
            throw ProblemException.badRequest("the request body is empty; send the whole ownership document",
                    List.of(new Problem.FieldError("body", "is empty")));
        }
        DocumentValidator.Result result = validator.validate(tree);
        if (!result.valid()) {
            int n = result.errors().size();
            throw ProblemException.unprocessable("the ownership document is invalid (" + n + (n == 1 ? " error" : " errors")
                    + "); nothing was changed", DocumentProblems.fieldErrors(result.errors()));
        }
        OwnershipStore.Saved saved = store.save(result.document(), body, identity.getPrincipal().getName(), expected);
        Current current = saved.current();
        PutResult answer = new PutResult(current.revision(), current.author(), current.createdAt(), saved.changed(),
                saved.summary(), secrets.unresolved(current.document()));
        Response.ResponseBuilder response = saved.changed()
                ? Response.created(URI.create("/v1/ownership/revisions/" + current.revision()))
                : Response.ok();
        return response.tag(etag(current.revision())).entity(answer).build();
    }

    /** The current document with its revision; 404 before the first one. */
    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR, TokenRoles.ADMIN})
    @Operation(operationId = "getOwnershipDocument", summary = "The current ownership document and its revision",
            description = "Secret fields as the caller's role may see them: agents <redacted>, operators and admins the"
                    + " ${...} references, or the values with resolveSecrets=true. The document can be PUT back as JSON.")
    @APIResponse(responseCode = "200", description = "The current revision",
            headers = @Header(name = "ETag", description = "the current revision, for If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CurrentView.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND) // no document yet: no path names it
    public Response current(@Parameter(description = RESOLVE_SECRETS, schema = @Schema(type = SchemaType.BOOLEAN))
                            @QueryParam("resolveSecrets") String resolveSecrets) {
        View view = SecretsParam.view(identity, resolveSecrets);
        Current current = store.latest().orElseThrow(() -> new NoDocumentYet(
                "there is no ownership document yet; PUT /v1/ownership (role admin) or start the service with OWNERSHIP_FILE"));
        List<SecretResolver.Warning> warnings = new ArrayList<>();
        JsonNode document = secrets.document(current.document(), view, warnings);
        return Response.ok(new CurrentView(current.revision(), current.author(), current.createdAt(), document,
                view == View.RESOLVED ? warnings : null)).tag(etag(current.revision())).build();
    }

    /** History, newest first, {@code limit} (1-100, default 20) per page. */
    @GET
    @Path("/revisions")
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR, TokenRoles.ADMIN})
    @Operation(operationId = "listOwnershipRevisions", summary = "The document's revisions, newest first",
            description = "Who, when and what changed per section; a page of limit items and the cursor of the next one.")
    @APIResponse(responseCode = "200", description = "A page of revisions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevisionPage.class)))
    public RevisionPage revisions(
            @Parameter(description = "Revisions per page, 1 to " + RevisionParams.MAX_LIMIT + " (default "
                    + RevisionParams.DEFAULT_LIMIT + ")", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = RevisionParams.limit(limit);
        List<Revision> rows = store.revisions(RevisionParams.cursor(cursor), size + 1);
        List<RevisionItem> items = rows.stream().limit(size)
                .map(r -> new RevisionItem(r.revision(), r.author(), r.createdAt(), store.summary(r))).toList();
        String next = rows.size() > size ? RevisionParams.encodeCursor(items.get(items.size() - 1).revision()) : null;
        return new RevisionPage(items, next);
    }

    /** One revision with its document (secrets per role) and, for operator and admin, the text as submitted. */
    @GET
    @Path("/revisions/{revision}")
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR, TokenRoles.ADMIN})
    @Operation(operationId = "getOwnershipRevision", summary = "One revision of the document",
            description = "Its summary and document (secret fields per role) and, for operators and admins, the text as submitted.")
    @APIResponse(responseCode = "200", description = "The revision",
            headers = @Header(name = "ETag", description = "the revision", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevisionView.class)))
    public Response revision(
            @Parameter(description = "A revision number: 1, 2, ...", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @PathParam("revision") String revision,
            @Parameter(description = RESOLVE_SECRETS, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("resolveSecrets") String resolveSecrets) {
        View view = SecretsParam.view(identity, resolveSecrets);
        long number = RevisionParams.revisionNumber(revision);
        Revision r = store.revision(number).orElseThrow(() -> ProblemException.notFound("there is no revision " + number));
        List<SecretResolver.Warning> warnings = new ArrayList<>();
        JsonNode document = secrets.document(store.document(r), view, warnings);
        return Response.ok(new RevisionView(r.revision(), r.author(), r.createdAt(), store.summary(r), document,
                view == View.REDACTED ? null : r.source(), view == View.RESOLVED ? warnings : null))
                .tag(etag(r.revision())).build();
    }

    private static EntityTag etag(long revision) {
        return new EntityTag(Long.toString(revision));
    }
}
