package io.packops.servicekit;

import io.packops.servicekit.problem.ProblemException;
import io.packops.testsupport.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

/** The endpoints the kit's tests call: each fails the way a service's endpoint would. */
@Path("/kit")
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
public class KitTestApp {

    public record Body(String name, int count) {
    }

    @GET
    @Path("/operator")
    @RolesAllowed("operator")
    public Map<String, String> operator(@Context SecurityContext security) {
        return Map.of("principal", security.getUserPrincipal().getName());
    }

    /** A page a browser session may read (listed in packops.session.pages); its POST twin must want a bearer token. */
    @GET
    @Path("/page")
    @RolesAllowed("agent")
    public Map<String, String> page(@Context SecurityContext security) {
        return Map.of("principal", security.getUserPrincipal().getName());
    }

    @POST
    @Path("/page")
    @RolesAllowed("agent")
    public Map<String, String> changePage(@Context SecurityContext security) {
        return Map.of("principal", security.getUserPrincipal().getName());
    }

    @GET
    @Path("/missing")
    @PermitAll
    public String missing() {
        throw ProblemException.notFound("no such thing");
    }

    @GET
    @Path("/bounded")
    @PermitAll
    public int bounded(@QueryParam("n") @Max(10) int n) {
        return n;
    }

    @POST
    @Path("/json")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Body json(Body body) {
        return body;
    }

    @GET
    @Path("/database-down")
    @PermitAll
    public String databaseDown() {
        throw new IllegalStateException("store failed", new SQLTransientConnectionException("Connection refused", "08001"));
    }

    @GET
    @Path("/bug")
    @PermitAll
    public String bug() {
        throw new IllegalStateException("a bug with internals: " + List.of("secret"));
    }
}
