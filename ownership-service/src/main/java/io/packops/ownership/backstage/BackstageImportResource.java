package io.packops.ownership.backstage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.validation.DocumentValidator;
import io.packops.ownership.document.validation.Violation;
import io.packops.ownership.system.OwnershipApi;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * Proposes an ownership document from a Backstage catalog: {@code catalog-info.yaml} (any number of
 * {@code ---} documents), a JSON array of entities, or the catalog API response {@code {"items": [...]}}.
 * Nothing is applied: the answer is the document, notes on what the reviewer must check, and counts.
 * The body is read as text so errors can point at line and column.
 */
@Path("/v1/ownership/import/backstage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OwnershipApi.IMPORT)
public class BackstageImportResource {

    @Inject
    BackstageImporter importer;

    @Inject
    DocumentValidator validator;

    @Inject
    ObjectMapper mapper;

    /** A Backstage entity, as the body's schema names it (the reader takes any fields; these are the ones it reads). */
    @Schema(name = "BackstageEntity", description = "A Backstage catalog entity (Group, User, Component, System, API, Resource, ...)")
    record EntityShape(String apiVersion, @Schema(required = true) String kind,
                       @Schema(required = true, description = "name (required), namespace, title, annotations, tags, links")
                       Map<String, Object> metadata,
                       @Schema(description = "owner, type, profile, memberOf, members, ...") Map<String, Object> spec) {
    }

    /** The catalog API's answer, {@code {"items": [...]}}. */
    @Schema(name = "BackstageCatalogResponse")
    record CatalogResponseShape(List<EntityShape> items) {
    }

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
    @Operation(operationId = "importBackstageCatalog", summary = "Propose an ownership document from a Backstage catalog",
            description = "Groups become teams, Users people, Components (with packops.io/* annotations) rules; nothing is"
                    + " applied. The answer is the document, notes for the reviewer, counts, and whether PUT /v1/ownership"
                    + " would accept it (with its validation errors when not).")
    @APIResponse(responseCode = "200", description = "The proposal",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "422", description = "Entities without kind or name, or nothing that becomes a team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportView importCatalog(
            @RequestBody(required = true, description = "catalog-info.yaml (any number of --- documents), a JSON array of"
                    + " entities, or the catalog API's {\"items\": [...]}", content = {
                    @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/yaml", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "application/x-yaml", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(oneOf = {CatalogResponseShape.class, EntityShape[].class}))})
            String body,
            @Context HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        BackstageImporter.Result result = importer.importCatalog(body, json ? Format.JSON : Format.YAML);
        DocumentValidator.Result check = validator.validate(mapper.valueToTree(result.document()));
        return new ImportView(result.document(), result.notes(), result.summary(), check.valid(), check.valid() ? null : check.errors());
    }
}
