package io.packops.ownership.document;

import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Rule;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a revision changed, per section, by id: added, removed and changed items. Rules have no id; they are
 * named by their match ({@code stripe}, {@code stripe/stripe-revenue}, {@code *}), which validation keeps unique;
 * catalogue connectors by their slug.
 * Ids are listed in document order (removed ones in the previous document's order).
 */
public final class RevisionDiff {

    private RevisionDiff() {
    }

    @RegisterForReflection
    @Schema(name = "RevisionSection", description = "Ids added, removed and changed in one section")
    public record Section(List<String> added, List<String> removed, List<String> changed) {
        public static final Section NONE = new Section(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    /** {@code connectors}: the catalogue's slugs added and removed (revisions stored before it existed read as none). */
    @RegisterForReflection
    @Schema(name = "RevisionSummary", description = "What a revision changed, per section")
    public record Summary(Section teams, Section people, Section schedules, Section escalationPolicies, Section rules,
                          Section connectors) {
        public static final Summary NONE = new Summary(Section.NONE, Section.NONE, Section.NONE, Section.NONE, Section.NONE,
                Section.NONE);

        public Summary {
            connectors = connectors == null ? Section.NONE : connectors;
        }
    }

    public static Summary between(OwnershipDocument before, OwnershipDocument after) {
        return new Summary(
                section(before.teams(), after.teams(), t -> t.id()),
                section(before.people(), after.people(), p -> p.id()),
                section(before.schedules(), after.schedules(), s -> s.id()),
                section(before.escalationPolicies(), after.escalationPolicies(), p -> p.id()),
                section(before.rules(), after.rules(), Rule::key),
                section(before.connectors(), after.connectors(), c -> c));
    }

    private static <T> Section section(List<T> before, List<T> after, Function<T, String> id) {
        Map<String, T> old = index(before, id);
        Map<String, T> now = index(after, id);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, T> e : now.entrySet()) {
            T previous = old.get(e.getKey());
            if (previous == null) {
                added.add(e.getKey());
            } else if (!Objects.equals(previous, e.getValue())) {
                changed.add(e.getKey());
            }
        }
        List<String> removed = old.keySet().stream().filter(k -> !now.containsKey(k)).toList();
        return new Section(List.copyOf(added), removed, List.copyOf(changed));
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.putIfAbsent(id.apply(item), item);
        }
        return map;
    }
}
