#!/usr/bin/env bash
# Stats benchmark (not part of `mvnw verify`): embedded PostgreSQL 17 + the packaged ingest-service,
# 10 million generated events, every stats query timed over HTTP against a naive aggregate of the raw
# table, then the ingest cost of the stats triggers. Needs ~7 GB free disk and ~15 minutes.
#
#   ingest-service/bench/stats-bench.sh                 # EVENTS=10000000 REPEAT=200
#   EVENTS=1000000 REPEAT=50 ingest-service/bench/stats-bench.sh
#   KEEP=1 ...   keeps the PostgreSQL data directory (ingest-service/target/stats-bench-pg)
set -euo pipefail
cd "$(dirname "$0")/../.."

df -h . | tail -1 | awk '{print "free disk: " $4}'
# one reactor run: the service jar, the compiled bench (test classes) and its classpath
source bench/lib/service-bench.sh
service_bench_build ingest-service
java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "ingest-service/target/test-classes:$(cat ingest-service/target/bench.classpath)" \
  io.packops.ingest.bench.StatsBench
