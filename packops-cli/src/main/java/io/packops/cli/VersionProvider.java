package io.packops.cli;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.IVersionProvider;

/** {@code packops --version}: the Maven project version, which Quarkus records as the application version. */
@Singleton
public class VersionProvider implements IVersionProvider {

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @Override
    public String[] getVersion() {
        return new String[] {"packops " + version};
    }
}
