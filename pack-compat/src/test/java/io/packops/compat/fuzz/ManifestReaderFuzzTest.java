package io.packops.compat.fuzz;

import io.packops.compat.manifest.ManifestError;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.YamlMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ManifestReader} on 10,000 mutated manifests (the sample packs, dropped and retyped fields, YAML traps:
 * alias bombs, Java tags, tabs, second documents, deep nesting): it never throws, returns either a pack or
 * errors, and each error has a position and a message without Java internals.
 */
class ManifestReaderFuzzTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMutatedManifestIsAPackOrPositionedErrors() {
        YamlMutator yaml = new YamlMutator(FuzzSeeds.smallManifests().toArray(String[]::new));
        Fuzz.run("ManifestReader", Fuzz.tries(), 2, yaml::next, text -> {
            long t0 = Fuzz.threadCpuMillis();
            ManifestResult result = ManifestReader.read(text);
            // CPU time, not wall time: a blow-up fails this, a loaded machine does not (CI once saw 2.3 s of wall time)
            assertThat(Fuzz.threadCpuMillis() - t0).as("CPU milliseconds to read").isLessThan(2_000);
            assertThat(result.pack() == null).as("pack xor errors").isEqualTo(!result.errors().isEmpty());
            for (ManifestError e : result.errors()) {
                assertThat(e.line()).as("line of %s", e).isPositive();
                assertThat(e.column()).as("column of %s", e).isPositive();
                assertThat(e.message()).as("message of %s", e).isNotBlank();
                assertThat(FuzzSeeds.unquoted(e.message())).as("message of %s", e).doesNotContainPattern(FuzzSeeds.LEAK);
            }
        });
    }
}
