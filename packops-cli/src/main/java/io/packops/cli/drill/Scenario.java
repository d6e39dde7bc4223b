package io.packops.cli.drill;

/** A scripted launch-day incident and the response packops is expected to give, step by step. */
interface Scenario {

    String name();

    /** One line: what the scenario rehearses (shown in the report). */
    String rehearses();

    void run(Drill drill) throws Drill.Failed, InterruptedException;
}
