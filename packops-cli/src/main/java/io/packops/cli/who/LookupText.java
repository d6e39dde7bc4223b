package io.packops.cli.who;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** Prints a lookup answer for a person at a terminal: owner first, then who to call, then what to do. */
final class LookupText {

    private LookupText() {
    }

    static void print(JsonNode b, PrintWriter out) {
        JsonNode rule = b.path("rule");
        String subject = text(b, "connector", "*") + (b.hasNonNull("pack") ? " / " + b.get("pack").asText() : "");
        out.printf("%s  (matched %s rule %s; ownership revision %s)%n", subject, rule.path("matchedBy").asText("?"),
                rule.path("id").asText("?"), b.path("revision").asText("?"));
        JsonNode team = b.path("team");
        StringBuilder owner = new StringBuilder(team.path("name").asText(team.path("id").asText("?")))
                .append(" (").append(team.path("id").asText("?")).append(")");
        if (team.hasNonNull("slack")) {
            owner.append("  ").append(team.get("slack").asText());
        }
        if (team.hasNonNull("email")) {
            owner.append("  ").append(team.get("email").asText());
        }
        row(out, "Owner", owner.toString());
        JsonNode escalation = b.path("escalation");
        boolean first = true;
        for (JsonNode level : escalation.path("levels")) {
            String label = "L" + level.path("level").asText() + " (+" + level.path("effectiveAfterMinutes").asText("0") + "m)";
            if (level.path("skipped").asBoolean(false)) {
                row(out, first ? "On call now" : "", label + "  nobody: " + level.path("note").asText("skipped"));
            }
            for (JsonNode target : level.path("targets")) {
                for (JsonNode p : target.path("people")) {
                    String who = p.path("name").asText(p.path("id").asText()) + (p.hasNonNull("email") ? " <" + p.get("email").asText() + ">" : "");
                    String until = p.hasNonNull("until") ? " until " + p.get("until").asText() : "";
                    String via = p.hasNonNull("via") ? " via " + p.get("via").asText() : "";
                    row(out, first ? "On call now" : "", label + "  " + who + until + via);
                    first = false;
                }
            }
            first = false;
        }
        String policy = escalation.path("policy").asText("?");
        int repeat = escalation.path("repeat").asInt(0);
        row(out, "Escalation", policy + (repeat > 0 ? ", repeats " + repeat + "x" : ", no repeat")
                + (escalation.hasNonNull("fallbackFrom") ? " (fallback: " + escalation.get("fallbackFrom").asText() + " reaches nobody)" : ""));
        row(out, "Runbook", text(b, "runbook", "none"));
        row(out, "Support queue", text(b, "supportQueue", "none"));
        if (b.hasNonNull("suggestedReply")) {
            out.println("Suggested reply:");
            for (String line : b.get("suggestedReply").asText().split("\n")) {
                out.println("  " + line);
            }
        }
        for (JsonNode note : b.path("notes")) {
            out.println("note: " + note.asText());
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-15s %s%n", label.isEmpty() ? "" : label + ":", value);
    }

    private static String text(JsonNode b, String field, String otherwise) {
        return b.hasNonNull(field) ? b.get(field).asText() : otherwise;
    }
}
