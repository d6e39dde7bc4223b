package io.packops.servicekit.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's {@link OutboundAddressPolicy}, from {@link OutboundConfig}. */
@ApplicationScoped
public class OutboundPolicyProducer {

    @Produces
    @Singleton
    OutboundAddressPolicy policy(OutboundConfig config) {
        return new OutboundAddressPolicy(config.allow().orElse(java.util.List.of()), config.requireHttps());
    }
}
