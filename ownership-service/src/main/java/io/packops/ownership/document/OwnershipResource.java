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
import io.packops.ownership.document.validation.DocumentValidator;
import io.packops.servicekit.auth.TokenRoles;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership document as code: replace it as a whole (admin), read the current one and its history.
 * Every revision keeps who, when, the text as submitted and a diff summary; secrets are shown per role
 * (see {@link SecretResolver}).
 */
@Path("/v1/ownership")
@Produces(MediaType.APPLICATION_JSON)
public class OwnershipResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final String CURSOR_KIND = "revisions:";
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

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
    public Response replace(String body, @Context HttpHeaders headers, @HeaderParam("If-Match") String ifMatch) {
        OptionalLong expected = expectedRevision(ifMatch);
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
    public Response current(@QueryParam("resolveSecrets") String resolveSecrets) {
        View view = view(resolveSecrets);
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
    public RevisionPage revisions(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = limit(limit);
        List<Revision> rows = store.revisions(cursor(cursor), size + 1);
        List<RevisionItem> items = rows.stream().limit(size)
                .map(r -> new RevisionItem(r.revision(), r.author(), r.createdAt(), store.summary(r))).toList();
        String next = rows.size() > size ? encodeCursor(items.get(items.size() - 1).revision()) : null;
        return new RevisionPage(items, next);
    }

    /** One revision with its document (secrets per role) and, for operator and admin, the text as submitted. */
    @GET
    @Path("/revisions/{revision}")
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR, TokenRoles.ADMIN})
    public Response revision(@PathParam("revision") String revision, @QueryParam("resolveSecrets") String resolveSecrets) {
        View view = view(resolveSecrets);
        long number = revisionNumber(revision);
        Revision r = store.revision(number).orElseThrow(() -> ProblemException.notFound("there is no revision " + number));
        List<SecretResolver.Warning> warnings = new ArrayList<>();
        JsonNode document = secrets.document(store.document(r), view, warnings);
        return Response.ok(new RevisionView(r.revision(), r.author(), r.createdAt(), store.summary(r), document,
                view == View.REDACTED ? null : r.source(), view == View.RESOLVED ? warnings : null))
                .tag(etag(r.revision())).build();
    }

    private View view(String resolveSecrets) {
        return SecretsParam.view(identity, resolveSecrets);
    }

    /** {@code If-Match: "3"} → 3; {@code "0"} means "no revision yet"; absent → no condition. */
    private static OptionalLong expectedRevision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return OptionalLong.empty();
        }
        Matcher m = IF_MATCH.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw ProblemException.badRequest("invalid If-Match header", List.of(new Problem.FieldError("If-Match",
                    "must be the revision the change is based on, as the ETag of GET /v1/ownership gives it, e.g. \"3\"")));
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid limit",
                List.of(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
    }

    private static long revisionNumber(String revision) {
        try {
            long n = Long.parseLong(revision);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid revision",
                List.of(new Problem.FieldError("revision", "must be a revision number (1, 2, ...)")));
    }

    /** Opaque keyset cursor: base64url of {@code revisions:<last revision of the page>}. */
    private static String encodeCursor(long lastRevision) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_KIND + lastRevision).getBytes(StandardCharsets.UTF_8));
    }

    private static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_KIND)) {
                return Long.parseLong(text.substring(CURSOR_KIND.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below (NumberFormatException is one)
        }
        throw ProblemException.badRequest("invalid cursor", List.of(new Problem.FieldError("cursor",
                "not a cursor returned by this list; start again without one")));
    }

    private static EntityTag etag(long revision) {
        return new EntityTag(Long.toString(revision));
    }
}
