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
source bench/lib/service-bench.sh
service_bench_build ingest-service
exec java -Xms256m -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "ingest-service/target/test-classes:$(cat ingest-service/target/bench.classpath)" \
  io.packops.ingest.bench.IngestBench --jar ingest-service/target/quarkus-app/quarkus-run.jar "$@"
