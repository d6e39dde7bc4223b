package io.packops.alerting;

/** The bearer tokens of each role in the %test profile (application.properties). */
public final class TestTokens {

    public static final String AGENT = "test-agent";
    public static final String OPERATOR = "test-operator";
    public static final String ADMIN = "test-admin";
    public static final String INGEST = "test-ingest";

    private TestTokens() {
    }
}
