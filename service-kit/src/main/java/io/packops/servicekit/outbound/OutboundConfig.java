package io.packops.servicekit.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Where URLs written by others may point ({@code packops.outbound.*}; see {@link OutboundAddressPolicy}). */
@ConfigMapping(prefix = "packops.outbound")
public interface OutboundConfig {

    /**
     * Exact {@code host:port} pairs allowed whatever their scheme and addresses ({@code PACKOPS_OUTBOUND_ALLOW},
     * comma-separated), e.g. {@code localhost:18099} for the local fake pager. Empty in production.
     */
    Optional<List<String>> allow();

    /** Only https (true in production; {@code %dev} and {@code %test} allow http to public hosts). */
    @WithDefault("true")
    boolean requireHttps();
}
