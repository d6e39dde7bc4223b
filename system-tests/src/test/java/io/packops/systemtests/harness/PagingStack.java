package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.launcher.FakePager;
import io.packops.launcher.ServiceProcess;
import io.packops.systemtests.harness.Alerting.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack of the paging tests: PostgreSQL, the fake PagerDuty, ingest-service, ownership-service (the test
 * document: teams with routing keys) and one or more alerting-service replicas on the same database, named
 * {@code alerting-service} (one) or {@code alerting-a}, {@code alerting-b}, … (several); with the calls the tests
 * make on them.
 */
public final class PagingStack implements AutoCloseable {

    public final SystemStack system;
    public final FakePager pagerDuty;
    public final ServiceProcess ingest;
    public final ServiceProcess ownership;
    public final List<ServiceProcess> replicas = new ArrayList<>();

    /** Defines the stack (PostgreSQL and the fake PagerDuty start here; the services in {@link #start()}). */
    public PagingStack(String name, int replicas, Map<String, String> alertingEnv, List<String> alertingJvmArgs) {
        this(name, replicas, alertingEnv, alertingJvmArgs, "ownership.yaml", Map.of());
    }

    /** The same with another ownership document (a test resource) and variables for its routes. */
    public PagingStack(String name, int replicas, Map<String, String> alertingEnv, List<String> alertingJvmArgs,
                       String ownershipDocument, Map<String, String> ownershipEnv) {
        system = SystemStack.create(name);
        try {
            pagerDuty = system.pagerDuty();
            ingest = system.ingest(Map.of());
            ownership = system.ownership(ownershipDocument, ownershipEnv);
            for (int i = 0; i < replicas; i++) {
                String label = replicas == 1 ? "alerting-service" : "alerting-" + (char) ('a' + i);
                this.replicas.add(system.alerting(label, ingest, ownership, alertingEnv, alertingJvmArgs));
            }
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /**
     * Alerting's environment for the test policies' 15-minute second level to come {@code after} the first page
     * ({@code ALERTS_ESCALATION_TIME_SCALE}).
     */
    public static Map<String, String> levelTwoAfter(java.time.Duration after) {
        return Map.of("ALERTS_ESCALATION_TIME_SCALE", Double.toString(after.toMillis() / 900_000.0));
    }

    /** Starts every service together and waits until each is ready. */
    public PagingStack start() {
        List<ServiceProcess> all = new ArrayList<>(List.of(ingest, ownership));
        all.addAll(replicas);
        system.startAll(all.toArray(ServiceProcess[]::new));
        return this;
    }

    /** The (first) alerting replica. */
    public ServiceProcess alerting() {
        return replicas.get(0);
    }

    public Database postgres() {
        return system.postgres();
    }

    public Api api() {
        return system.api();
    }

    /** Posts {@code failures} failed installs of each version (the test rule fires at the next evaluation). */
    public void failInstalls(List<Version> versions, int failures) {
        Alerting.failInstalls(system, ingest, versions, failures);
    }

    /** The alerts matching {@code query} ({@code rule=…&state=…&pack=…}), newest first. */
    public List<JsonNode> alerts(String query) {
        return Alerting.alerts(system, alerting(), query);
    }

    /** One alert with its timeline and deliveries. */
    public JsonNode alert(long id) {
        return Alerting.alert(system, alerting(), id);
    }

    /** {@code packops_outbox_backlog} of the first replica. */
    public double backlog() {
        return Alerting.backlog(system, alerting());
    }

    @Override
    public void close() {
        system.close();
    }
}
