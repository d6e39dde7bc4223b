package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Slack incoming webhook: a plain {@code text} fallback and Block Kit blocks (firing, acknowledged, resolved). */
@ApplicationScoped
public class SlackNotifier {

    @Inject
    ObjectMapper json;

    public ObjectNode message(PageRequest r, PageTarget target) {
        String state = switch (r.action()) {
            case "acknowledge" -> "Acknowledged";
            case "resolve" -> "Resolved";
            default -> r.level() > 1 ? "Escalated (level " + r.level() + ")" : "Firing";
        };
        String icon = switch (r.action()) {
            case "acknowledge" -> ":eyes:";
            case "resolve" -> ":white_check_mark:";
            default -> "critical".equals(r.severity()) ? ":rotating_light:" : ":warning:";
        };
        String summary = r.summary() == null ? r.dedupKey() : r.summary();
        String pack = r.labels().getOrDefault("pack", "-")
                + (r.labels().containsKey("version") ? " " + r.labels().get("version") : "");

        ObjectNode body = json.createObjectNode();
        body.put("text", "[" + state.toUpperCase(java.util.Locale.ROOT) + "] " + r.rule() + " — " + PagerDutyNotifier.truncate(summary, 1000));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", PagerDutyNotifier.truncate(icon + " " + state + ": " + r.rule(), 150));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", PagerDutyNotifier.truncate(escape(summary), 3000));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Severity", r.severity());
        field(fields, "Pack", pack);
        field(fields, "Connector", r.labels().get("connector"));
        field(fields, "Owner", r.ownerTeam() == null ? "unknown" : r.ownerTeam());
        if ("trigger".equals(r.action())) {
            field(fields, "Level", r.level() + (r.people().isEmpty() ? "" : " · " + String.join(", ", r.people())));
        }
        if (r.runbookUrl() != null || r.alertUrl() != null) {
            ArrayNode buttons = blocks.addObject().put("type", "actions").putArray("elements");
            if (r.runbookUrl() != null) {
                button(buttons, "Runbook", r.runbookUrl(), "runbook");
            }
            if (r.alertUrl() != null) {
                button(buttons, "Open alert", r.alertUrl(), "alert");
            }
        }
        String context = "dedup key `" + escape(r.dedupKey()) + "`";
        if (target.fallback()) {
            context = ":information_source: sent to the fallback route: " + escape(target.fallbackReason()) + " · " + context;
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", PagerDutyNotifier.truncate(context, 3000));
        return body;
    }

    private static void field(ArrayNode fields, String name, String value) {
        if (value != null) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + PagerDutyNotifier.truncate(escape(value), 1900));
        }
    }

    private static void button(ArrayNode buttons, String text, String url, String actionId) {
        ObjectNode b = buttons.addObject().put("type", "button").put("url", url).put("action_id", actionId);
        b.putObject("text").put("type", "plain_text").put("text", text);
    }

    /** Slack's three control characters; everything else is literal. */
    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
