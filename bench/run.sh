#!/usr/bin/env bash
# The bench harness: builds Hubben and the bench module, then measures, against the real jar,
#   share     the share page against nginx (bench/share-page.sh, wrk at 128 connections)
#   lateness  due time to the emulator's first call, on H2 and on PostgreSQL
#   burst     BURST_POSTS posts x 4 channels due within a minute, emulators 100 ms late (PostgreSQL)
#   memory    RSS, heap and start-up of the embedded default holding MEMORY_POSTS posts
# prints a table against the targets and writes bench/RESULTS.md. Not part of ./mvnw verify.
#
#   bench/run.sh                    every scenario
#   bench/run.sh lateness memory    only those
#
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth, database test; the harness uses the schema hubben_bench, or BENCH_SCHEMA), and wrk
# and nginx (installed from Debian if missing). Environment: BURST_POSTS (10000), BURST_TIMEOUT_SECONDS (600, after
# the minute), LATENESS_AT_ONCE (50), LATENESS_SPREAD (60), LATENESS_DATABASES (h2,postgresql), MEMORY_POSTS (100000),
# HUB_PORT (18191), HUB_JVM_OPTIONS (the hub's JVM options instead of the README's, such as -Xshare:off),
# HUB_ARGUMENTS (more Spring arguments for every hub started, such as
# --logging.level.org.quartz.core.QuartzSchedulerThread=DEBUG), and share-page.sh's DURATION, CONNECTIONS, THREADS,
# HUBBEN_PORT, NGINX_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(share lateness burst memory)

./mvnw -B -q -Pbench -DskipTests package

java_scenarios=()
for scenario in "${scenarios[@]}"; do
	case "$scenario" in
	share) ;;
	lateness | burst | memory) java_scenarios+=("$scenario") ;;
	*) echo "Unknown scenario '$scenario': use share, lateness, burst or memory" >&2; exit 2 ;;
	esac
done
if [[ " ${scenarios[*]} " == *" share "* ]]; then
	rm -f bench/target/share-page.env
	bench/share-page.sh
fi
if [ ${#java_scenarios[@]} -eq 0 ]; then
	java_scenarios=(none)
fi
java -jar bench/target/hubben-bench.jar "${java_scenarios[@]}"
