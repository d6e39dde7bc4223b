package io.packops.ownership.document;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** OWNERSHIP_FILE set to the DESIGN sample, against a schema of its own that starts empty. */
public class OwnershipFileProfile implements QuarkusTestProfile {

    /** Surefire runs in the module directory. */
    public static final String FILE = Path.of("src/test/resources/ownership/design-sample.yaml").toAbsolutePath().toString();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(EmptyStoreProfile.schema("ownership_file_test"));
        config.put("packops.ownership.file", FILE);
        return config;
    }
}
