package io.packops.ownership.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated ownership document the size of a real organisation, for {@link LookupBench}: 30 teams, 150 people,
 * 40 schedules (1–3 layers each: weekly, daily and hourly rotations, business-hours, weekend and overnight
 * restrictions, some layers with an end, overrides around now), one escalation policy per team (2–3 levels
 * targeting schedules, teams and people), 45 connector rules, 100 connector+pack rules, 5 pack-only rules and
 * the {@code "*"} rule. Deterministic for a seed and a "now".
 */
final class BenchDocument {

    static final String[] ZONES = {"Europe/Madrid", "America/New_York", "Asia/Singapore", "America/Los_Angeles",
            "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "Europe/London", "America/Sao_Paulo", "Asia/Tokyo"};
    private static final String[] AREAS = {"billing", "crm", "marketing", "support", "ecommerce", "payments", "ads",
            "analytics", "hr", "finance", "erp", "devtools", "security", "comms", "sales", "product", "data-eng",
            "identity", "storage", "logistics", "social", "surveys", "calendar", "docs", "chat", "email", "sms",
            "accounting", "subscriptions", "core"};
    private static final String[] FIRST = {"ana", "bo", "chen", "dana", "eli", "fay", "gus", "hana", "ivan", "jo",
            "kai", "lea", "max", "nia", "omar", "pia", "quinn", "rui", "sara", "tom", "uma", "vik", "wen", "xia", "yuri"};
    private static final String[] LAST = {"ruiz", "chen", "li", "okafor", "park", "weiss"};
    static final String[] CONNECTORS = {"stripe", "salesforce", "hubspot", "shopify", "zendesk", "intercom", "jira",
            "github", "gitlab", "slack", "netsuite", "quickbooks", "xero", "chargebee", "recurly", "paypal", "adyen",
            "braintree", "marketo", "mailchimp", "klaviyo", "segment", "amplitude", "mixpanel", "google-ads",
            "facebook-ads", "linkedin-ads", "tiktok-ads", "bing-ads", "workday", "bamboohr", "greenhouse", "lever",
            "okta", "auth0", "asana", "trello", "notion", "airtable", "monday", "freshdesk", "twilio", "sendgrid",
            "pipedrive", "zuora"};
    private static final String[] PACK_KINDS = {"revenue", "churn", "funnel", "pipeline", "usage", "health", "costs",
            "ops", "sla", "growth"};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final String[] RESTRICTED_DAYS_WEEK = {"mon", "tue", "wed", "thu", "fri"};

    final ObjectNode document;
    /** Rule id ({@code stripe}, {@code stripe/stripe-revenue}, {@code *}) by match key, for checking answers. */
    final Map<String, String> ruleIds = new LinkedHashMap<>();
    /** Connector rules (connector slugs with their own rule). */
    final List<String> connectorRules = new ArrayList<>();
    /** Connector+pack rules as {connector, pack}. */
    final List<String[]> packRules = new ArrayList<>();
    /** Packs with a pack-only ({@code connector: "*"}) rule. */
    final List<String> packOnlyRules = new ArrayList<>();
    int schedules;
    int layers;
    int overrides;

    BenchDocument(ObjectMapper json, long seed, Instant now) {
        Random r = new Random(seed);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        ObjectNode doc = json.createObjectNode();
        ArrayNode teams = doc.putArray("teams");
        ArrayNode people = doc.putArray("people");
        ArrayNode schedulesNode = doc.putArray("schedules");
        ArrayNode policies = doc.putArray("escalationPolicies");
        ArrayNode rules = doc.putArray("rules");

        List<String> teamIds = new ArrayList<>();
        List<List<String>> members = new ArrayList<>();
        for (int t = 0; t < AREAS.length; t++) {
            String id = AREAS[t] + "-packs";
            teamIds.add(id);
            ObjectNode team = teams.addObject().put("id", id).put("name", cap(AREAS[t]) + " packs")
                    .put("slack", "#" + id).put("email", id + "@example.com");
            String env = AREAS[t].toUpperCase().replace('-', '_') + "_PACKS";
            if (t % 7 != 6) {
                team.putObject("pagerduty").put("routingKey", "${PD_" + env + "}");
            }
            if (t % 3 == 0) {
                team.put("slackWebhook", "${SLACK_" + env + "}");
            } else if (t % 7 == 6) {
                team.put("webhook", "https://alerts.example.com/hooks/" + id);
            }
            List<String> ids = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                int n = t * 5 + p;
                String first = FIRST[n % FIRST.length];
                String last = LAST[(n / FIRST.length) % LAST.length];
                String pid = first + "-" + last + "-" + n;
                ids.add(pid);
                people.addObject().put("id", pid).put("name", cap(first) + " " + cap(last)).put("email", pid + "@example.com")
                        .put("team", id).put("timezone", ZONES[(t + p) % ZONES.length]);
            }
            members.add(ids);
        }

        // 40 schedules: teams 0–14 two (primary, secondary), 15–24 one, 25–29 none (team targets page every member)
        List<List<String>> teamSchedules = new ArrayList<>();
        for (int t = 0; t < teamIds.size(); t++) {
            List<String> own = new ArrayList<>();
            int count = t < 15 ? 2 : t < 25 ? 1 : 0;
            for (int s = 0; s < count; s++) {
                String sid = teamIds.get(t) + (s == 0 ? "-primary" : "-secondary");
                own.add(sid);
                String zone = ZONES[(t + s) % ZONES.length];
                ObjectNode schedule = schedulesNode.addObject().put("id", sid).put("team", teamIds.get(t)).put("timezone", zone);
                ArrayNode ls = schedule.putArray("layers");
                int layerCount = 1 + (t + s) % 3;
                for (int l = 0; l < layerCount; l++) {
                    ObjectNode layer = ls.addObject();
                    LocalDateTime start = LocalDateTime.ofInstant(hour, ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                            .minusDays(20 + r.nextInt(400)).withHour(9);
                    layer.put("start", LOCAL.format(start));
                    ArrayNode participants = layer.putArray("participants");
                    List<String> pool = new ArrayList<>(members.get(t));
                    if (l == 0) {
                        layer.put("name", "main");
                        layer.put("rotation", (t + s) % 2 == 0 ? "weekly" : "daily");
                        int n = 3 + r.nextInt(3);
                        for (int i = 0; i < n; i++) {
                            participants.add(pool.get((i + s) % pool.size()));
                        }
                    } else if (l == 1) {
                        layer.put("name", "business-hours");
                        layer.putObject("rotation").put("hours", 12);
                        participants.add(pool.get((2 + s) % pool.size()));
                        participants.add(pool.get((3 + s) % pool.size()));
                        ArrayNode days = layer.putArray("restrictions").addObject().put("from", "09:00").put("to", "18:00").putArray("days");
                        for (String d : RESTRICTED_DAYS_WEEK) {
                            days.add(d);
                        }
                        if (r.nextBoolean()) {
                            layer.put("end", LOCAL.format(start.plusDays(400 + r.nextInt(200))));
                        }
                    } else {
                        layer.put("name", "nights-and-weekends");
                        layer.put("rotation", "daily");
                        participants.add(pool.get((4 + s) % pool.size()));
                        participants.add(pool.get((1 + s) % pool.size()));
                        ArrayNode restrictions = layer.putArray("restrictions");
                        restrictions.addObject().put("from", "22:00").put("to", "06:00").putArray("days")
                                .add("mon").add("tue").add("wed").add("thu").add("fri");
                        restrictions.addObject().put("from", "08:00").put("to", "20:00").putArray("days").add("sat").add("sun");
                    }
                    layers++;
                }
                ArrayNode os = schedule.putArray("overrides");
                int oc = r.nextInt(5);
                for (int o = 0; o < oc; o++) {
                    Instant os0 = hour.plus(r.nextInt(24 * 14) - 24 * 4, ChronoUnit.HOURS);
                    os.addObject().put("person", members.get(t).get(r.nextInt(5)))
                            .put("start", os0.toString()).put("end", os0.plus(4 + r.nextInt(44), ChronoUnit.HOURS).toString());
                    overrides++;
                }
                schedules++;
            }
            teamSchedules.add(own);
        }

        // one policy per team
        for (int t = 0; t < teamIds.size(); t++) {
            String team = teamIds.get(t);
            ObjectNode policy = policies.addObject().put("id", team + "-default").put("name", cap(AREAS[t]) + " default")
                    .put("repeat", t % 3);
            ArrayNode levels = policy.putArray("levels");
            List<String> own = teamSchedules.get(t);
            ArrayNode first = levels.addObject().put("afterMinutes", 0).putArray("targets");
            if (own.isEmpty()) {
                first.addObject().put("team", team);
            } else {
                first.addObject().put("schedule", own.get(0));
            }
            ArrayNode second = levels.addObject().put("afterMinutes", 10 + 5 * (t % 4)).putArray("targets");
            if (own.size() > 1) {
                second.addObject().put("schedule", own.get(1));
            } else {
                second.addObject().put("team", team);
            }
            second.addObject().put("person", members.get(t).get(4));
            if (t % 3 != 2) {
                ArrayNode third = levels.addObject().put("afterMinutes", 45 + 15 * (t % 2)).putArray("targets");
                third.addObject().put("team", teamIds.get((t + 1) % teamIds.size()));
                third.addObject().put("person", members.get((t + 7) % teamIds.size()).get(0));
            }
        }

        // 45 connector rules, 100 connector+pack rules, 5 pack-only rules, "*"
        for (int c = 0; c < CONNECTORS.length; c++) {
            String connector = CONNECTORS[c];
            int t = c % teamIds.size();
            rule(rules, connector, null, teamIds.get(t), r, c);
            connectorRules.add(connector);
        }
        int packs = 0;
        for (int c = 0; packs < 100; c = (c + 1) % CONNECTORS.length) {
            String connector = CONNECTORS[c];
            String pack = connector + "-" + PACK_KINDS[(packs / CONNECTORS.length + c) % PACK_KINDS.length];
            if (ruleIds.containsKey(connector + "/" + pack)) {
                pack = pack + "-v" + packs;
            }
            rule(rules, connector, pack, teamIds.get((c + packs) % teamIds.size()), r, packs);
            packRules.add(new String[] {connector, pack});
            packs++;
        }
        for (int p = 0; p < 5; p++) {
            String pack = "cross-" + PACK_KINDS[p];
            rule(rules, "*", pack, teamIds.get((p * 5) % teamIds.size()), r, p);
            packOnlyRules.add(pack);
        }
        rule(rules, "*", null, teamIds.get(teamIds.size() - 1), r, 0);
        this.document = doc;
    }

    private void rule(ArrayNode rules, String connector, String pack, String team, Random r, int n) {
        ObjectNode rule = rules.addObject();
        ObjectNode match = rule.putObject("match").put("connector", connector);
        if (pack != null) {
            match.put("pack", pack);
        }
        rule.put("team", team).put("escalation", team + "-default");
        if (n % 11 != 10) {
            rule.put("runbook", n % 4 == 0 ? "https://runbooks.example.com/" + team + "#" + (pack != null ? pack : "general")
                    : "runbooks/" + (pack != null ? pack : "*".equals(connector) ? "default" : connector) + ".md");
        }
        rule.put("supportQueue", n % 3 == 0 ? "tier1" : "tier2-" + team);
        if (r.nextInt(3) == 0) {
            rule.put("firstReply", "Thanks for reporting this. The {pack} pack ({connector}) is owned by {team}; "
                    + "we are on it and will update you via {supportQueue}.");
        }
        String id = connector + (pack == null ? "" : "/" + pack);
        ruleIds.put(id, id);
    }

    /** The rule id the service must answer for a lookup (most specific match wins). */
    String expectedRule(String connector, String pack) {
        if (connector != null && pack != null && ruleIds.containsKey(connector + "/" + pack)) {
            return connector + "/" + pack;
        }
        if (pack != null && ruleIds.containsKey("*/" + pack)) {
            return "*/" + pack;
        }
        if (connector == null && pack != null) {
            for (String[] pr : packRules) {
                if (pr[1].equals(pack)) {
                    return pr[0] + "/" + pr[1]; // a connector+pack rule matches a pack-only lookup
                }
            }
        }
        if (connector != null && ruleIds.containsKey(connector)) {
            return connector;
        }
        return "*";
    }

    int rules() {
        return ruleIds.size();
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1).replace('-', ' ');
    }
}
