package io.packops.ownership.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.ownership.document.model.OwnershipDocument;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.packops.ownership.document.OwnershipFixtures.store;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** OwnershipStore.current(): served from memory, refreshed by local writes at once and by other replicas' soon. */
@QuarkusTest
class OwnershipStoreTest {

    @Inject
    OwnershipStore store;

    @Inject
    DocumentRevisionRepository revisions;

    @Inject
    ObjectMapper mapper;

    @Test
    void aWriteThroughThisReplicaIsCurrentAtOnce() {
        ObjectNode doc = variant();
        long revision = store(doc);
        OwnershipStore.Current current = store.current().orElseThrow();
        assertThat(current.revision()).isEqualTo(revision);
        assertThat(current.author()).isEqualTo("admin");
        assertThat(current.document().team("packs-core").orElseThrow().name()).isEqualTo(doc.at("/teams/1/name").asText());
    }

    @Test
    void currentIsServedFromMemoryWithoutReparsing() {
        store(variant());
        OwnershipStore.Current first = store.current().orElseThrow();
        for (int i = 0; i < 1000; i++) {
            assertThat(store.current().orElseThrow()).isSameAs(first);
        }
        // a check against the database that finds the same revision keeps the parsed document
        assertThat(store.latest().orElseThrow()).isSameAs(first);
    }

    @Test
    void aRevisionWrittenByAnotherReplicaIsSeenWithinTheRefreshInterval() throws Exception {
        store(variant());
        long before = store.current().orElseThrow().revision();
        OwnershipDocument other = mapper.treeToValue(variant(), OwnershipDocument.class);
        // another replica: straight into the table, past this replica's cache
        QuarkusTransaction.requiringNew().run(() -> {
            revisions.lockForWrite();
            revisions.insert(new DocumentRevisionRepository.Revision(before + 1, "replica-b", Instant.now(),
                    json(RevisionDiff.Summary.NONE), json(other), "(written by another replica)"));
        });
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.current().orElseThrow().revision() == before + 1);
        OwnershipStore.Current current = store.current().orElseThrow();
        assertThat(current.author()).isEqualTo("replica-b");
        assertThat(current.document()).isEqualTo(other);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
