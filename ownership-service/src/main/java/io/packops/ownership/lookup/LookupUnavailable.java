package io.packops.ownership.lookup;

/**
 * Lookup cannot name an owner now: no ownership document was ever accepted, or it has no rule for the question and
 * no {@code "*"} rule. A caller paging on the answer (alerting-service) retries or uses its fallback route, so 503.
 */
public class LookupUnavailable extends RuntimeException {

    public LookupUnavailable(String message) {
        super(message, null, false, false);
    }
}
