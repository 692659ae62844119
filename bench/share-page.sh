#!/usr/bin/env bash
# Share page under load: Hubben serving a post's share kit page (/p/<slug>/share) beside nginx serving the very same
# bytes as a static file, both measured with wrk at 128 connections. Not part of the test run.
#
#   bench/share-page.sh            builds the jar if needed, installs wrk and nginx from Debian if missing,
#                                  writes the figures to bench/target/share-page.env (bench/run.sh runs it and
#                                  puts them in bench/RESULTS.md)
#
# Environment: HUBBEN_JVM_OPTIONS, DURATION (default 30s), CONNECTIONS (128), THREADS (2), HUBBEN_PORT (18181), NGINX_PORT (18182),
# HUBBEN_APP (web-ui/target/app: the directory of hubben.jar and its archive, for comparing another build).
# Only loopback addresses are used; every process it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-128}"
THREADS="${THREADS:-2}"
HUBBEN_PORT="${HUBBEN_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
POSTS=5
HUBBEN_APP="${HUBBEN_APP:-web-ui/target/app}"

work="$(mktemp -d /tmp/hubben-bench.XXXXXX)"
hubben_pid=""
nginx_pid=""
cleanup() {
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
	[ -n "$hubben_pid" ] && kill "$hubben_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk nginx
fi
if [ ! -f "$HUBBEN_APP/hubben.jar" ]; then
	./mvnw -B -q -DskipTests package
fi

password="bench-$(date +%s)"
echo "Starting Hubben on 127.0.0.1:$HUBBEN_PORT"
# As the README's first command starts it (its class data sharing archive, its heap bound).
# HUBBEN_JVM_OPTIONS adds JVM options, such as a flight recording.
HUBBEN_ADMIN_PASSWORD="$password" java -XX:SharedArchiveFile="$HUBBEN_APP/hubben.jsa" -Xmx256m ${HUBBEN_JVM_OPTIONS:-} \
	-jar "$HUBBEN_APP/hubben.jar" \
	--server.address=127.0.0.1 --server.port="$HUBBEN_PORT" \
	--hubben.data-dir="$work/data" --hubben.public-url="http://127.0.0.1:$HUBBEN_PORT" \
	--logging.level.root=WARN >"$work/hubben.log" 2>&1 &
hubben_pid=$!
base="http://127.0.0.1:$HUBBEN_PORT"
for _ in $(seq 1 120); do
	curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
	sleep 1
done
curl -fs "$base/actuator/health" >/dev/null

channels="$(curl -fs -u "admin:$password" "$base/api/channels" | python3 -c '
import json, sys
print(json.dumps([c["id"] for c in json.load(sys.stdin) if c["platform"] in ("x", "facebook")]))')"
slug=""
for n in $(seq 1 "$POSTS"); do
	post="$(curl -fs -u "admin:$password" -H 'Content-Type: application/json' \
		-d "{\"title\":\"Valvaka $n: så delar du kvällens besked\",\"text\":\"Ikväll samlas vi för valvakan. Dela gärna resultatet och länken med vänner och familj.\",\"shared\":true}" \
		"$base/api/posts")"
	id="$(echo "$post" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
	slug="$(echo "$post" | python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])')"
	curl -fs -u "admin:$password" -H 'Content-Type: application/json' -d "{\"channelIds\":$channels}" \
		"$base/api/posts/$id/publications" >/dev/null
done
page="/p/$slug/share"
for _ in $(seq 1 60); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$base$page")" = "200" ] && break
	sleep 1
done
sleep 3

# The same bytes for nginx, at the same path, with the same content type.
mkdir -p "$work/www/p/$slug"
curl -fs "$base$page" -o "$work/www/p/$slug/share"
bytes="$(wc -c <"$work/www/p/$slug/share")"
# nginx's workers run as an unprivileged user: they must be able to read the copy.
chmod 755 "$work"
chmod -R a+rX "$work/www"
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	types { }
	default_type text/html;
	charset utf-8;
	etag on;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $work/www;
		location / { add_header Cache-Control "public, max-age=60"; }
	}
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
sleep 1
if ! cmp <(curl -fs "http://127.0.0.1:$NGINX_PORT$page") "$work/www/p/$slug/share"; then
	cat "$work/nginx/logs/error.log" >&2
	exit 1
fi

cpu_ticks() { # pid... -> CPU time (user + system, in clock ticks) of those processes and their children
	local total=0 pid
	for pid in "$@" $(ps -o pid= --ppid "$(echo "$@" | tr ' ' ',')" 2>/dev/null); do
		total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
	done
	echo "$total"
}

measure() { # url pid -> "requests/s p99-ms errors CPU-microseconds-per-request"
	# CPU time per request is the server's own cost, which other processes on the machine change little, unlike
	# requests per second.
	local before after
	before="$(cpu_ticks "$2")"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" >"$work/wrk.out"
	after="$(cpu_ticks "$2")"
	python3 - "$work/wrk.out" "$((after - before))" "$(getconf CLK_TCK)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
cpu = int(sys.argv[2]) / int(sys.argv[3]) * 1e6 / max(requests, 1)
print(f"{rps:.0f} {p99:.2f} {errors.group(1) if errors else 0} {cpu:.0f}")
PY
}

echo "Warming up"
# The JIT compiles the hot path during the first seconds under load.
wrk -t"$THREADS" -c"$CONNECTIONS" -d30s "$base$page" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "http://127.0.0.1:$NGINX_PORT$page" >/dev/null
echo "Measuring Hubben ($DURATION)"
read -r hubben_rps hubben_p99 hubben_errors hubben_cpu <<<"$(measure "$base$page" "$hubben_pid")"
echo "Measuring nginx ($DURATION)"
read -r nginx_rps nginx_p99 nginx_errors nginx_cpu <<<"$(measure "http://127.0.0.1:$NGINX_PORT$page" "$nginx_pid")"
ratio="$(python3 -c "print(f'{$hubben_rps / $nginx_rps:.2f}')")"

mkdir -p bench/target
cat >bench/target/share-page.env <<ENV
page=$page
bytes=$bytes
threads=$THREADS
connections=$CONNECTIONS
duration=$DURATION
hubben_rps=$hubben_rps
hubben_p99=$hubben_p99
hubben_errors=$hubben_errors
hubben_cpu_us=$hubben_cpu
load=$(cut -d' ' -f1-3 /proc/loadavg)
nginx_rps=$nginx_rps
nginx_p99=$nginx_p99
nginx_errors=$nginx_errors
nginx_cpu_us=$nginx_cpu
nginx_version=$(nginx -v 2>&1 | sed 's/nginx version: //')
ratio=$ratio
ENV
echo "Hubben $hubben_rps requests/s, p99 $hubben_p99 ms, $hubben_cpu µs CPU a request; nginx $nginx_rps requests/s, p99 $nginx_p99 ms, $nginx_cpu µs CPU a request; ratio $ratio (load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "(figures in bench/target/share-page.env; bench/run.sh puts them in bench/RESULTS.md)"
