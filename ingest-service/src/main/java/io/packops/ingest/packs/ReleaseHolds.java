package io.packops.ingest.packs;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What holds a published version back from installers: a staged rollout (the rollouts feature's {@code RolloutService}
 * implements it). Declared here so the registry asks it without packs depending on rollouts.
 */
public interface ReleaseHolds {

    /** Per pack, the version keys not served to everyone: their rollout runs or was aborted, or they wait for one. */
    Map<String, Set<String>> heldVersionKeys(Collection<String> packs);

    /** A version was withdrawn (inside the withdraw's transaction): a rollout of it ends. */
    void versionWithdrawn(PackVersion v);
}
