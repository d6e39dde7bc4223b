package io.packops.ownership.rest;

import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.ownership.service.BackstageCatalogReader.Format;
import io.packops.ownership.service.BackstageImporter;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ownership.model.OwnershipDocument;
import io.packops.ownership.service.DocumentValidator;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

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
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ImportView(OwnershipDocument document, List<BackstageImporter.Note> notes, BackstageImporter.Summary summary,
                             boolean valid, List<Problem.FieldError> errors) {
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
}
