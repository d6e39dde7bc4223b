package io.packops.ownership.backstage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.document.model.OwnershipDocument;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns Backstage catalog entities into an ownership document for review ({@code POST
 * /v1/ownership/import/backstage}); nothing is applied. Everything the mapping had to guess, change or leave
 * out is a note on the entity it came from. Tolerant like Backstage: entity references may be
 * {@code group:default/billing}, {@code group:billing} or {@code billing} (default kind by field, default
 * namespace the referring entity's), and compare case-insensitively.
 *
 * <h2>Mapping</h2>
 * <ul>
 * <li><b>Group → team.</b> id from {@code metadata.name}; name from {@code spec.profile.displayName}, else
 *   {@code metadata.title}, else the name; email from {@code spec.profile.email}; Slack channel from the
 *   annotation {@code slack.com/channel} (or {@code slack.com/channel-name}, {@code slack/channel}), written
 *   {@code #name}. Organisational groups ({@code spec.type} organization, business-unit, department, division)
 *   that own nothing are left out with a note: they are where teams hang, not teams.</li>
 * <li><b>PagerDuty.</b> The annotation {@code pagerduty.com/integration-key} on the group, else on the first
 *   component it owns, is the team's Events API v2 route. The key is a secret: the document gets
 *   {@code ${PD_<TEAM_ID_UPPER_SNAKE>}} and a note names the variable and the entity to take the key from;
 *   the key never appears in the document or the notes. A value that already is a {@code ${ENV}} reference
 *   is kept. A second, different key for the same team is noted and not used (a team has one route).</li>
 * <li><b>User → person.</b> id from {@code metadata.name}; name and email from {@code spec.profile}; team is
 *   the first {@code spec.memberOf} group (or {@code memberOf} relation, in catalog API responses) that
 *   became a team, else a team whose group lists the user in {@code spec.members}; time zone from the
 *   annotation {@code packops.io/timezone} when it is an IANA id, else {@code UTC} with a note.</li>
 * <li><b>Component, System, API, Resource → rules.</b> connector from the annotation
 *   {@code packops.io/connector} (comma-separated for several; {@code "*"} makes the catch-all rule), else
 *   the tags {@code connector:<slug>} / {@code connector-<slug>}; pack from {@code packops.io/pack}, else the
 *   component's own name when its {@code spec.type} is {@code dashboard-pack}. The team is the owner
 *   ({@code spec.owner}): a group that is not in the catalog becomes a team of that name (noted, as it has
 *   no contacts), a user means that user's team (noted). Runbook from {@code packops.io/runbook}, else the
 *   first {@code metadata.links} entry whose type, title or icon says runbook; only https URLs and
 *   {@code runbooks/….md} paths are taken. Support queue from {@code packops.io/support-queue}, else
 *   {@value #DEFAULT_SUPPORT_QUEUE} (noted); first reply from {@code packops.io/first-reply}. A component
 *   without connector or pack gets a note and no rule; System, API and Resource entities are only looked
 *   at when they carry these annotations. When two entities map to the same match the first one wins and
 *   the other is noted.</li>
 * <li><b>Catch-all.</b> When no entity names connector {@code "*"}, the owner of the first entity annotated
 *   {@code packops.io/catch-all: "true"} gets the {@code "*"} rule, else the first team does, with a note
 *   asking the reviewer to confirm.</li>
 * <li><b>Escalation.</b> Backstage has none. Each team gets {@code <team>-default} with one level at
 *   minute 0 targeting the team, and a note that the schedules live in PagerDuty and must be added.</li>
 * <li><b>No schedules.</b> The catalog knows who is in a team, not who is on call when: rotation order,
 *   start, hand-off time and overrides live in PagerDuty (the PagerDuty plugin reads them at run time from
 *   {@code pagerduty.com/service-id}). A rotation invented from group members would look right and page
 *   the wrong person, so none is generated.</li>
 * <li><b>Ids</b> are lower-case slugs: anything but a-z and 0-9 becomes {@code -} (so {@code jane.doe} is
 *   {@code jane-doe}); a clash takes the namespace as prefix, then a number. Every changed id is noted.
 *   Connector and pack slugs keep {@code _} ({@code google_ads}).</li>
 * <li>Other kinds (Location, Domain, Template, ...) are counted in one note and otherwise ignored.</li>
 * </ul>
 */
@ApplicationScoped
public class BackstageImporter {

    public static final String DEFAULT_SUPPORT_QUEUE = "tier1";

    static final String CONNECTOR = "packops.io/connector";
    static final String PACK = "packops.io/pack";
    static final String CATCH_ALL = "packops.io/catch-all";
    static final String SUPPORT_QUEUE = "packops.io/support-queue";
    static final String RUNBOOK = "packops.io/runbook";
    static final String FIRST_REPLY = "packops.io/first-reply";
    static final String TIMEZONE = "packops.io/timezone";
    static final String PD_INTEGRATION_KEY = "pagerduty.com/integration-key";
    static final String PD_SERVICE_ID = "pagerduty.com/service-id";
    static final List<String> SLACK_CHANNEL = List.of("slack.com/channel", "slack.com/channel-name", "slack/channel");

    static final Set<String> OWNABLE = Set.of("component", "system", "api", "resource");
    static final Set<String> ORGANISATIONAL = Set.of("organization", "organisation", "business-unit", "department",
            "division", "company");
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    static final Pattern RUNBOOK_WORD = Pattern.compile("(?i)run[ _-]?book|playbook");
    static final Pattern RUNBOOK_PATH = Pattern.compile("runbooks/[A-Za-z0-9._/-]*[A-Za-z0-9_-]\\.md");
    static final int MAX_ID = 63;
    static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    /** Something the reviewer should know; {@code entity} is the Backstage reference it is about, if any. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ImportNote")
    public record Note(String entity, String message) {
    }

    @RegisterForReflection
    @Schema(name = "ImportSummary", description = "How many entities were read and what they became")
    public record Summary(int entities, int teams, int people, int escalationPolicies, int rules, int notes) {
    }

    /** The proposed document (not applied), what the reviewer should check, and counts. */
    @RegisterForReflection
    public record Result(OwnershipDocument document, List<Note> notes, Summary summary) {
    }

    /** Reads and maps a catalog; malformed or unusable input is a 400/422 {@link CatalogRejected}. */
    public Result importCatalog(String body, Format format) {
        return importEntities(BackstageCatalogReader.read(body, format));
    }

    public Result importEntities(List<Entity> entities) {
        return new CatalogImport(entities).run();
    }
}
