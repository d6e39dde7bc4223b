# Sourced by the services' benchmark scripts (ingest-service/bench, ownership-service/bench): builds a service's jar
# and compiled tests (tests not run) and writes the test classpath, the one build every service benchmark starts with.
#   service_bench_build <module> [extra Maven arguments...]   -> <module>/target/bench.classpath
# BENCH_SKIP_BUILD=1 reuses the last build when its classpath file is there; the build log is shown only on failure.
service_bench_build() {
  local module="$1"; shift
  if [[ "${BENCH_SKIP_BUILD:-}" == "1" && -f "$module/target/bench.classpath" ]]; then
    return 0
  fi
  echo "... building $module (tests compiled, not run) and its test classpath"
  mkdir -p "$module/target"
  ./mvnw -B -ntp -pl "$module" -am package -DskipTests "$@" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test > "$module/target/bench-build.log" 2>&1 \
    || { tail -50 "$module/target/bench-build.log"; return 1; }
  rm -f "$module/target/bench-build.log"
}
