package io.packops.ownership.document;

import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * A schema of its own (so the store starts empty whatever other tests wrote) and a fixed clock (so a revision's
 * createdAt is exact). Only classes with this profile see either.
 */
public class EmptyStoreProfile implements QuarkusTestProfile {

    public static final Instant NOW = Instant.parse("2026-11-20T08:30:00Z");

    @Override
    public Map<String, String> getConfigOverrides() {
        return schema("ownership_empty_test");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FixedClock.class);
    }

    /** Flyway, Hibernate and plain JDBC all pointed at {@code schema}. */
    static Map<String, String> schema(String schema) {
        return Map.of(
                "quarkus.flyway.schemas", schema,
                "quarkus.flyway.default-schema", schema,
                "quarkus.hibernate-orm.database.default-schema", schema,
                "quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", schema);
    }

    @Alternative
    @ApplicationScoped
    public static class FixedClock {
        @Produces
        @ApplicationScoped
        @Priority(1)
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }
}
