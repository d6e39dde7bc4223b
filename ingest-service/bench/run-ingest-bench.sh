#!/usr/bin/env bash
# Ingest throughput: batched events/s over HTTP into the packaged ingest-service vs raw COPY of the same
# rows into the same events table on the same (embedded) PostgreSQL, in one run. Not run by any test.
#   ingest-service/bench/run-ingest-bench.sh                      200k events, batches of 1,000, 4 threads, 5 rounds
#   ingest-service/bench/run-ingest-bench.sh --events 50000 --rounds 1      quicker
#   options: --events N --batch N --threads N --rounds N --warmup N --synchronous-commit on|off --fsync on|off
# Set BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ "${BENCH_SKIP_BUILD:-}" != "1" || ! -f ingest-service/target/bench.classpath ]]; then
  echo "... building ingest-service (tests compiled, not run) and its test classpath"
  mkdir -p ingest-service/target
  ./mvnw -B -ntp -pl ingest-service -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test > ingest-service/target/bench-build.log 2>&1 \
    || { tail -50 ingest-service/target/bench-build.log; exit 1; }
  rm -f ingest-service/target/bench-build.log
fi
exec java -Xms256m -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "ingest-service/target/test-classes:$(cat ingest-service/target/bench.classpath)" \
  io.packops.ingest.bench.IngestBench --jar ingest-service/target/quarkus-app/quarkus-run.jar "$@"
