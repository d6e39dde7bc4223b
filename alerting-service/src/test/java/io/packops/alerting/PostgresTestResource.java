package io.packops.alerting;

import io.packops.testsupport.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of this module runs against one embedded PostgreSQL (see test-support). */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
public final class PostgresTestResource {
    private PostgresTestResource() {
    }
}
