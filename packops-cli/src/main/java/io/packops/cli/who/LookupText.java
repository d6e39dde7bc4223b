package io.packops.cli.who;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a lookup answer for a person at a terminal: owner first, then who to call, then what to do. A connector or
 * pack ownership does not know comes first, with what was probably meant; an owner that is only the {@code "*"}
 * rule's fallback for it is headed as such.
 */
final class LookupText {

    private LookupText() {
    }

    /**
     * True when the answer names a connector or pack that ownership does not know and the owner shown is the
     * {@code "*"} rule's fallback (an answer from a service without {@code match} counts as known).
     */
    static boolean unknownWithFallback(JsonNode b) {
        JsonNode match = b.path("match");
        return match.path("fallback").asBoolean(false) && (unknown(match, "connectorKnown") || unknown(match, "packKnown"));
    }

    static void print(JsonNode b, PrintWriter out) {
        JsonNode match = b.path("match");
        boolean fallback = unknownWithFallback(b);
        if (unknown(match, "connectorKnown")) {
            out.println("unknown connector '" + b.path("connector").asText() + "' — " + didYouMean(match, "connector"));
        }
        if (unknown(match, "packKnown") && (fallback || !match.path("suggestions").isEmpty())) {
            out.println("unknown pack '" + b.path("pack").asText() + "' — " + didYouMean(match, "pack"));
        }
        if (fallback) {
            out.println();
            out.println("fallback owner (\"*\" rule), who takes what no rule names:");
        }
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

    private static boolean unknown(JsonNode match, String field) {
        return match.path(field).isBoolean() && !match.get(field).asBoolean();
    }

    /** {@code did you mean stripe? (./packops who stripe)}, from the answer's suggestions. */
    private static String didYouMean(JsonNode match, String what) {
        JsonNode suggestions = match.path("suggestions");
        if (suggestions.isEmpty()) {
            return "no known " + what + " is close to it";
        }
        List<String> names = new ArrayList<>();
        for (JsonNode s : suggestions) {
            String pack = s.path("pack").asText(null);
            String connector = s.path("connector").asText(null);
            names.add(pack == null ? connector : "pack " + pack + (connector == null ? "" : " of " + connector));
        }
        JsonNode first = suggestions.get(0);
        String reason = first.path("reason").asText("");
        String prefix = reason.equals("is-a-pack") ? "it is a pack: " : reason.equals("is-a-connector") ? "it is a connector: " : "";
        String command = "./packops who" + (first.hasNonNull("connector") ? " " + first.get("connector").asText() : "")
                + (first.hasNonNull("pack") ? " --pack " + first.get("pack").asText() : "");
        return prefix + "did you mean " + String.join(" or ", names) + "? (" + command + ")";
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-15s %s%n", label.isEmpty() ? "" : label + ":", value);
    }

    private static String text(JsonNode b, String field, String otherwise) {
        return b.hasNonNull(field) ? b.get(field).asText() : otherwise;
    }
}
