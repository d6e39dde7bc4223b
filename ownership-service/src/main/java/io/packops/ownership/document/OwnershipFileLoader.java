package io.packops.ownership.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.validation.DocumentValidator;
import io.packops.ownership.document.validation.Violation;
import io.packops.ownership.system.OwnershipConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code OWNERSHIP_FILE} ({@code packops.ownership.file}): at startup, when the database has no revision yet,
 * the file becomes revision 1 (author {@code file:<path>}). An unreadable or invalid file fails startup with
 * every error in the log: a service that silently starts without owners would page nobody. Once a revision
 * exists the file is ignored (PUT /v1/ownership is how the document changes).
 */
@ApplicationScoped
public class OwnershipFileLoader {

    /** The file could not be loaded; the message lists every problem. */
    public static final class InvalidOwnershipFile extends RuntimeException {
        private final List<Violation> errors;

        InvalidOwnershipFile(String message, List<Violation> errors) {
            super(message, null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<Violation> errors() {
            return errors;
        }
    }

    @Inject
    OwnershipConfig config;

    @Inject
    OwnershipStore store;

    @Inject
    DocumentParser parser;

    @Inject
    DocumentValidator validator;

    void onStart(@Observes StartupEvent event) {
        config.file().filter(f -> !f.isBlank()).ifPresent(file -> load(file.trim()));
    }

    /**
     * Loads {@code file} as revision 1 when the database has no revision; empty when one already exists.
     * Throws {@link InvalidOwnershipFile} (after logging every error) when the file is unreadable or invalid.
     */
    public Optional<OwnershipStore.Current> load(String file) {
        if (store.latest().isPresent()) {
            Log.infof("OWNERSHIP_FILE %s not loaded: the database already has revision %d", file,
                    store.current().map(OwnershipStore.Current::revision).orElse(0L));
            return Optional.empty();
        }
        String text = read(file);
        OwnershipDocument document = validate(file, text);
        Optional<OwnershipStore.Saved> saved = store.saveIfEmpty(document, text, "file:" + file);
        saved.ifPresentOrElse(
                s -> Log.infof("loaded OWNERSHIP_FILE %s as revision %d", file, s.current().revision()),
                () -> Log.infof("OWNERSHIP_FILE %s not loaded: another replica stored a revision first", file));
        return saved.map(OwnershipStore.Saved::current);
    }

    /** Reads and validates {@code file} without storing it: the document, or {@link InvalidOwnershipFile}. */
    public OwnershipDocument validate(String file, String text) {
        JsonNode tree;
        try {
            tree = parser.parse(text, DocumentParser.formatOfFile(file));
        } catch (DocumentParser.SyntaxError e) {
            throw fail(file, List.of(new Violation("$", e.getMessage())));
        }
        DocumentValidator.Result result = validator.validate(tree);
        if (!result.valid()) {
            throw fail(file, result.errors());
        }
        return result.document();
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw fail(file, List.of(new Violation("$", "cannot read the file: " + e)));
        }
    }

    private static InvalidOwnershipFile fail(String file, List<Violation> errors) {
        String list = errors.stream().map(e -> "  " + e.field() + ": " + e.message()).collect(Collectors.joining("\n"));
        String message = "OWNERSHIP_FILE " + file + " is invalid (" + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + "); the service does not start without a valid document:\n" + list;
        Log.error(message);
        return new InvalidOwnershipFile(message, errors);
    }
}
