package io.packops.servicekit.retention;

import jakarta.inject.Singleton;

import java.time.Duration;

/** A retention job of the test app: rows of {@code retention_probe} older than a day. */
@Singleton
public class ProbeRetention extends RetentionJob {

    static final String JOB = "probe-retention";

    ProbeRetention(Retention retention) {
        super(retention, JOB, "probe rows", Duration.ofDays(1),
                "delete from retention_probe where id in (select id from retention_probe where at < ? limit ?)", 1);
    }
}
