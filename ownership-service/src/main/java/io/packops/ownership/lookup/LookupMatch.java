package io.packops.ownership.lookup;

import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.validation.CloseMatches;
import io.packops.ownership.escalation.DocumentIndex;
import io.packops.ownership.lookup.LookupView.MatchView;
import io.packops.ownership.lookup.LookupView.Suggestion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a lookup's connector and pack are known to ownership — a connector named in a rule or in the document's
 * {@code connectors} catalogue, a pack named in a rule — whether the answer is the {@code "*"} rule's fallback, and
 * what an unknown name probably meant: a known pack typed as a connector (or the reverse), a name a few letters
 * away ({@link CloseMatches}), or one that starts like it.
 */
final class LookupMatch {

    static final int MAX_SUGGESTIONS = 3;

    private LookupMatch() {
    }

    static MatchView of(DocumentIndex index, String connector, String pack, Rule rule) {
        Boolean connectorKnown = connector == null ? null : index.knownConnectors().contains(connector);
        Boolean packKnown = pack == null ? null : index.knownPacks().containsKey(pack);
        boolean fallback = rule.match().isCatchAll() && (connector != null || pack != null);
        List<Suggestion> out = new ArrayList<>();
        if (Boolean.FALSE.equals(connectorKnown)) {
            String knownPack = Boolean.TRUE.equals(packKnown) ? pack : null;
            connectorSuggestions(index, connector, knownPack, out);
        }
        if (Boolean.FALSE.equals(packKnown)) {
            packSuggestions(index, pack, out);
        }
        // never the question itself (hubspot --pack hubspot-marketing: hubspot's rule already answers it)
        out.removeIf(s -> Objects.equals(s.connector(), connector) && Objects.equals(s.pack(), pack));
        return new MatchView(connectorKnown, packKnown, fallback, List.copyOf(out.subList(0, Math.min(MAX_SUGGESTIONS, out.size()))));
    }

    /** For an unknown connector; {@code knownPack}: the pack asked with it when that one is known, kept in the suggestion. */
    private static void connectorSuggestions(DocumentIndex index, String connector, String knownPack, List<Suggestion> out) {
        Map<String, String> packs = index.knownPacks();
        if (packs.containsKey(connector)) {
            add(out, new Suggestion(connectorOf(packs, connector), connector, "is-a-pack"));
        }
        for (String c : CloseMatches.near(connector, index.knownConnectors())) {
            add(out, new Suggestion(c, knownPack, "spelling"));
        }
        for (String p : CloseMatches.near(connector, packs.keySet())) {
            add(out, new Suggestion(connectorOf(packs, p), p, "spelling"));
        }
        for (String c : index.knownConnectors()) {
            if (CloseMatches.sharesPrefix(connector, c)) {
                add(out, new Suggestion(c, knownPack, "prefix"));
            }
        }
    }

    private static void packSuggestions(DocumentIndex index, String pack, List<Suggestion> out) {
        Map<String, String> packs = index.knownPacks();
        if (index.knownConnectors().contains(pack)) {
            add(out, new Suggestion(pack, null, "is-a-connector"));
        }
        for (String p : CloseMatches.near(pack, packs.keySet())) {
            add(out, new Suggestion(connectorOf(packs, p), p, "spelling"));
        }
        for (String p : packs.keySet()) {
            if (CloseMatches.sharesPrefix(pack, p)) {
                add(out, new Suggestion(connectorOf(packs, p), p, "prefix"));
            }
        }
        // hubspot-marketing asked alone: its connector is probably hubspot, whose rule owns it
        for (String c : index.knownConnectors()) {
            if (CloseMatches.sharesPrefix(pack, c)) {
                add(out, new Suggestion(c, pack, "prefix"));
            }
        }
    }

    private static String connectorOf(Map<String, String> packs, String pack) {
        String c = packs.get(pack);
        return "*".equals(c) ? null : c;
    }

    /** Once per connector (a connector-only suggestion adds nothing to one that names a pack of it) and per pack. */
    private static void add(List<Suggestion> out, Suggestion s) {
        for (Suggestion e : out) {
            if (Objects.equals(e.connector(), s.connector()) && (s.pack() == null || Objects.equals(e.pack(), s.pack()))) {
                return;
            }
        }
        out.add(s);
    }
}
