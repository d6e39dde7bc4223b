package io.packops.ingest.accounts;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.stats.StatsParams;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.ingest.schemas.SchemaRepository;
import io.packops.ingest.accounts.AccountViews.AccountDetail;
import io.packops.ingest.accounts.AccountViews.AccountSummary;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.schemas.SchemaViews.AccountSchema;
import io.packops.ingest.schemas.SchemaViews.AccountSchemas;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.ingest.stats.StatsDimension;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Finding a customer account: the accounts ingest knows (from schema snapshots and install events) with
 * filters, one account's view for support, and its schemas.
 */
@Tag(name = "accounts")
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
@APIResponse(responseCode = "400", description = "a parameter is invalid (each one named in errors)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AccountResource {

    static final String DEFAULT_WINDOW = "24h";

    @Inject
    AccountService accounts;
    @Inject
    SchemaRepository schemas;
    @Inject
    Clock clock;

    @GET
    @Operation(operationId = "listAccounts", summary = "Accounts with their current schema and each pack's latest install",
            description = "Items are (account, connector) pairs in accountId, then connector order, paged by an opaque cursor. "
                    + "pack, version and outcome filter on the latest install of a pack, which must lie within window; "
                    + "filters combine. Latest installs are folded by the stats refresh, a few seconds behind ingest.")
    @APIResponse(responseCode = "200", description = "one page of accounts")
    public Page<AccountSummary> list(
            @Parameter(description = "connector slug") @QueryParam("connector") String connector,
            @Parameter(description = "pack slug: accounts whose latest install of this pack lies within window")
            @QueryParam("pack") String pack,
            @Parameter(description = "semantic version of that latest install") @QueryParam("version") String version,
            @Parameter(description = "the current schema's warehouse (else the installs')") @QueryParam("warehouse") String warehouse,
            @Parameter(description = "succeeded or failed: the outcome of that latest install") @QueryParam("outcome") String outcome,
            @Parameter(description = "how far back the latest install may lie for pack, version and outcome: 1m to 30d "
                    + "(a number and s, m, h or d; default 24h)") @QueryParam("window") String window,
            @Parameter(description = "items per page, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        StatsParams checks = new StatsParams();
        Map<StatsDimension, String> filters = checks.filters(connector, pack, version, warehouse);
        String o = outcome == null || outcome.isBlank() ? null : checks.oneOf("outcome", outcome, List.of("succeeded", "failed"));
        Duration w = checks.window(window == null || window.isBlank() ? DEFAULT_WINDOW : window);
        int pageSize = checks.limit(limit, RequestChecks.DEFAULT_LIMIT, RequestChecks.MAX_LIMIT);
        checks.throwIfInvalid();
        AccountRepository.Filter filter = new AccountRepository.Filter(filters.get(StatsDimension.CONNECTOR),
                filters.get(StatsDimension.WAREHOUSE), filters.get(StatsDimension.PACK), filters.get(StatsDimension.VERSION),
                o, clock.instant().minus(w));
        return accounts.list(filter, pageSize, cursor);
    }

    @GET
    @Path("/{accountId}")
    @Operation(operationId = "getAccount", summary = "One account for support: schema, latest installs, served versions, newest events",
            description = "Per connector the same summary as the list; releases: what GET /v1/packs/{pack}/release?account= "
                    + "serves it for each published pack of its connectors; recentEvents: its newest 20 install and render "
                    + "events of the last 7 days, newest first, with their scrubbed errors.")
    @APIResponse(responseCode = "200", description = "the account")
    @APIResponse(responseCode = "404", description = "no schema snapshot, install or render event of this account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AccountDetail get(@PathParam("accountId") String accountId) {
        return accounts.detail(RequestChecks.accountId("accountId", accountId));
    }

    @GET
    @Path("/{accountId}/schemas")
    @Operation(operationId = "getAccountSchemas", summary = "One account's current schema per connector, with its relations and history")
    @APIResponse(responseCode = "200", description = "the account's schemas")
    @APIResponse(responseCode = "404", description = "no schema snapshot of this account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AccountSchemas accountSchemas(@PathParam("accountId") String accountId,
                                         @Parameter(description = "false leaves the relations out (default true)")
                                         @QueryParam("includeRelations") String includeRelations) {
        String id = RequestChecks.accountId("accountId", accountId);
        List<AccountSchema> current = schemas.currentOfAccount(id,
                RequestChecks.flag("includeRelations", includeRelations, true));
        if (current.isEmpty()) {
            throw ProblemException.notFound("no schema snapshot was received for account " + accountId);
        }
        return new AccountSchemas(accountId, current);
    }
}
