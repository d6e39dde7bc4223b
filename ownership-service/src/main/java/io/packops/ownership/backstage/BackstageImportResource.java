package io.packops.ownership.backstage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.document.DocumentProblems;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.validation.DocumentValidator;
import io.packops.ownership.document.validation.Violation;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Proposes an ownership document from a Backstage catalog: {@code catalog-info.yaml} (any number of
 * {@code ---} documents), a JSON array of entities, or the catalog API response {@code {"items": [...]}}.
 * Nothing is applied: the answer is the document, notes on what the reviewer must check, and counts.
 * The body is read as text so errors can point at line and column.
 */
@Path("/v1/ownership/import/backstage")
@Produces(MediaType.APPLICATION_JSON)
public class BackstageImportResource {

    @Inject
    BackstageImporter importer;

    @Inject
    DocumentValidator validator;

    @Inject
    ObjectMapper mapper;

    /**
     * The importer's proposal plus what {@code PUT /v1/ownership} would say of it: {@code valid}, and the
     * validation errors with their paths when not (e.g. a person whose time zone the catalog got wrong).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportView(OwnershipDocument document, List<BackstageImporter.Note> notes, BackstageImporter.Summary summary,
                             boolean valid, List<Violation> errors) {
    }

    @POST
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @RolesAllowed(TokenRoles.ADMIN)
    public ImportView importCatalog(String body, @Context HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        BackstageImporter.Result result = importer.importCatalog(body, json ? Format.JSON : Format.YAML);
        DocumentValidator.Result check = validator.validate(mapper.valueToTree(result.document()));
        return new ImportView(result.document(), result.notes(), result.summary(), check.valid(), check.valid() ? null : check.errors());
    }

    /** 400 for a body that is not a catalog at all, 422 for one with nothing to import; every violation as a field error. */
    @ServerExceptionMapper
    public Response rejected(CatalogRejected e) {
        List<Problem.FieldError> errors = DocumentProblems.fieldErrors(e.violations());
        return new ProblemMappers().problem(e.malformed() ? ProblemException.badRequest(e.getMessage(), errors)
                : ProblemException.unprocessable(e.getMessage(), errors));
    }
}
