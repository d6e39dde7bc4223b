package io.packops.ingest.packs;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry as the metrics see it: what this replica publishes at once, what others publish after a reload. */
@QuarkusTest
class PublishedPacksTest {

    @Inject
    PublishedPacks published;
    @Inject
    DataSource dataSource;

    @Test
    void aPublishHereIsKnownAtOnceUnderItsConnectorOnly() {
        String pack = RegistryFixtures.unique("known-now");
        String connector = RegistryFixtures.unique("conn");
        assertThat(published.publishedVersion(connector, pack, "1.2.0")).isNull();

        RegistryFixtures.publishSample(pack, connector, "1.2.0");

        assertThat(published.publishedVersion(connector, pack, "1.2.0")).isEqualTo("1.2.0");
        assertThat(published.publishedVersion(connector, pack, "1.2.0+ci.4")).as("same precedence").isEqualTo("1.2.0");
        assertThat(published.publishedVersion(connector, pack, "1.2.1")).isNull();
        assertThat(published.publishedVersion("stripe", pack, "1.2.0")).as("claimed by another connector").isNull();
        assertThat(published.isPublishedConnector(connector)).isTrue();
    }

    @Test
    void whatAnotherReplicaPublishedIsKnownAfterTheRefresh() throws SQLException {
        String pack = RegistryFixtures.unique("elsewhere");
        String connector = RegistryFixtures.unique("conn");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into pack_versions (pack, version, version_key, connector, manifest, content_sha256, status,
                                           published_at, published_by)
                values (?, '3.1.0+b7', '3.1.0', ?, 'manifest', 'sha', 'active', ?, 'another replica')""")) {
            ps.setString(1, pack);
            ps.setString(2, connector);
            ps.setObject(3, OffsetDateTime.now());
            ps.executeUpdate();
        }
        assertThat(published.publishedVersion(connector, pack, "3.1.0+b7")).as("not yet seen here").isNull();
        assertThat(published.isPublishedConnector(connector)).isFalse();

        published.reload();

        assertThat(published.publishedVersion(connector, pack, "3.1.0+b7")).isEqualTo("3.1.0+b7");
        assertThat(published.publishedVersion(connector, pack, "3.1.0")).as("same precedence").isEqualTo("3.1.0+b7");
        assertThat(published.isPublishedConnector(connector)).isTrue();
    }
}
