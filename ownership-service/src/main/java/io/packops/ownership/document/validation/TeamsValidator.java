package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.packops.ownership.document.validation.Checks.at;
import static io.packops.ownership.document.validation.Checks.kind;

/** {@code teams}: ids, names, contacts and the paging routes (secrets, see {@link SecretFields}). */
final class TeamsValidator implements SectionValidator {

    private static final Pattern SLACK_CHANNEL = Pattern.compile("#?[\\p{L}\\p{N}._-]{1,80}");
    private static final List<String> TEAM_FIELDS = List.of("id", "name", "slack", "slackWebhook", "email", "pagerduty", "webhook");
    private static final List<String> PAGERDUTY_FIELDS = List.of("routingKey");

    @Override
    public void validate(Checks c) {
        Map<String, String> seen = new HashMap<>();
        c.forEachObject(c.section("teams"), "teams", "a team", (team, path) -> {
            c.fields(team, path, TEAM_FIELDS);
            c.id(team, path, seen);
            c.text(team, path, "name", true);
            String slack = c.text(team, path, "slack", false);
            if (slack != null && !SLACK_CHANNEL.matcher(slack).matches()) {
                c.error(at(path, "slack"), "must be a Slack channel name like #billing-packs");
            }
            c.email(team, path, "email");
            JsonNode pagerduty = team.get("pagerduty");
            if (pagerduty != null && !pagerduty.isNull()) {
                String pdPath = at(path, "pagerduty");
                if (!pagerduty.isObject()) {
                    c.error(pdPath, "must be a mapping { routingKey: \"${PD_...}\" }, not " + kind(pagerduty));
                } else {
                    c.fields(pagerduty, pdPath, PAGERDUTY_FIELDS);
                    SecretFields.check(c, pagerduty, pdPath, "routingKey", true, SecretFields.Kind.KEY);
                }
            }
            SecretFields.check(c, team, path, "slackWebhook", false, SecretFields.Kind.HTTPS_URL);
            SecretFields.check(c, team, path, "webhook", false, SecretFields.Kind.HTTP_URL);
        });
    }
}
