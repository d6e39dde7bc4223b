#!/usr/bin/env bash
# Lookup under load vs a bare Quarkus GET of the same service, in one run: GET /v1/lookup and the bench-only
# GET /v1/bench/baseline (same token, auth, worker dispatch and JSON stack, no work), alternating rounds. The jar is
# built with -Pbench, which adds that one test-code resource to the shipped application.
# Embedded PostgreSQL + the packaged ownership-service jar; prints req/s, p50/p99/max and the ratio.
# Not run by any test; exits non-zero only on errors (non-200s, wrong answers), not on missing the goal.
#   ownership-service/bench/lookup-bench.sh                          16 clients, 3 rounds of 10 s each, 20 s warm-up
#   ownership-service/bench/lookup-bench.sh --clients 32 --rounds 5 --duration 15
#   ownership-service/bench/lookup-bench.sh --at spread              every lookup at its own minute (worst case for caching)
#   options: --clients N --duration SECONDS --rounds N --warmup SECONDS --at mixed|spread --seed N --jar PATH
# Builds offline (-o); BENCH_ONLINE=1 lets Maven download what is missing. BENCH_SKIP_BUILD=1 reuses the last build; BENCH_SERVICE_JAVA_OPTS adds JVM options to the service
# (e.g. -XX:StartFlightRecording=filename=/tmp/lookup.jfr,settings=profile).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source bench/lib/service-bench.sh
offline=-o; [[ "${BENCH_ONLINE:-}" == "1" ]] && offline=
service_bench_build ownership-service $offline -Pbench
exec java -Xms128m -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "ownership-service/target/bench/test-classes:$(cat ownership-service/target/bench.classpath)" \
  io.packops.ownership.bench.LookupBench "$@"
