package io.packops.compat.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Gathers every error of one read, so an author sees them all at once, in file order. */
final class ErrorCollector {

    private final List<ManifestError> errors = new ArrayList<>();

    void at(Node node, String path, String message) {
        at(node.getStartMark(), path, message);
    }

    void at(Mark mark, String path, String message) {
        errors.add(new ManifestError(path, mark.getLine() + 1, mark.getColumn() + 1, message));
    }

    /** For errors about the file as a whole, which has no node to point at. */
    void atStart(String message) {
        errors.add(new ManifestError("", 1, 1, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** By line, then column; the sort is stable, so errors at one spot keep the order they were found in. */
    List<ManifestError> inFileOrder() {
        return errors.stream()
                .sorted(Comparator.comparingInt(ManifestError::line).thenComparingInt(ManifestError::column))
                .toList();
    }
}
