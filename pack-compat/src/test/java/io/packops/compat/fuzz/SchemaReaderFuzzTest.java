package io.packops.compat.fuzz;

import io.packops.compat.schema.SchemaError;
import io.packops.compat.schema.SchemaFingerprint;
import io.packops.compat.schema.SchemaFormatException;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.JsonMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaReader} on 10,000 mutated schemas (native, envelope + dbt catalog, bare catalog): a schema with a
 * stable fingerprint, or a {@link SchemaFormatException} listing errors with messages — never another exception.
 */
class SchemaReaderFuzzTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMutatedSchemaIsReadOrRejectedWithErrors() {
        JsonMutator json = new JsonMutator(FuzzSeeds.schemas().toArray(String[]::new));
        Fuzz.run("SchemaReader", Fuzz.tries(), json::next, text -> {
            WarehouseSchema schema;
            try {
                schema = SchemaReader.read(text);
            } catch (SchemaFormatException e) {
                assertThat(e.errors()).isNotEmpty();
                for (SchemaError error : e.errors()) {
                    assertThat(error.message()).as("message of %s", error).isNotBlank();
                    assertThat(FuzzSeeds.unquoted(error.message())).as("message of %s", error).doesNotContainPattern(FuzzSeeds.LEAK);
                }
                return;
            }
            assertThat(schema.fingerprint()).startsWith(SchemaFingerprint.PREFIX)
                    .isEqualTo(SchemaFingerprint.of(schema.relations()));
            // what a service stores reads back to the same fingerprint
            assertThat(SchemaReader.read(SchemaReader.toNativeJson(schema)).fingerprint()).isEqualTo(schema.fingerprint());
        });
    }
}
