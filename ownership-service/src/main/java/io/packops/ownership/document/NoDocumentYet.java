package io.packops.ownership.document;

/**
 * No ownership document was ever accepted, so there is nothing to read yet. The message says what that means for
 * the caller ("…so there are no schedules"); {@link DocumentProblems} answers it 404.
 */
public class NoDocumentYet extends RuntimeException {

    public NoDocumentYet(String message) {
        super(message, null, false, false);
    }
}
