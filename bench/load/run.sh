#!/usr/bin/env bash
# Load benchmark of the gateway against its floors, in one command:
#
#   bench/load/run.sh                       # full run (about 10 minutes on 2 cores)
#   DURATION=5 TTFB_DURATION=5 bench/load/run.sh   # quick look
#   GATEWAY_REPO=/path/to/other/checkout bench/load/run.sh   # the gateway of another tree (before/after)
#   ROUNDS=3 DURATION=10 WARMUP=3 TTFB_DURATION=6 bench/load/run.sh   # medians of 3 rounds (about 15 minutes): on a
#                                           shared machine one noisy row no longer decides a ratio
#
# It installs nginx and wrk when missing (Debian packages), publishes the gateway, the plain YARP floor and the TTFB
# probe in Release, and starts, all on loopback:
#   upstream  nginx serving fixed 200-delta SSE bodies for POST /v1/messages, /v1/responses, /v1/chat/completions
#             (and a slow copy of them, limit_rate, for the open-streams test)
#   nginx     proxy_pass to the upstream, proxy_buffering off: the external floor
#   yarp      bench/PlainYarp: YARP forwarding the same bytes with no middleware or normalizer: the architecture's floor
#   gateway   src/LlmGateway with groups pointing at the upstream: native Messages, native Responses, and a
#             chat-completions-only upstream behind a Messages client (Chat→Messages translation)
# Then for each path and target it drives wrk (CONNECTIONS connections, DURATION seconds) and reads the target's CPU
# time from /proc before and after; runs the TTFB probe at the same concurrency and a fixed request rate; opens
# SLOW_STREAMS slow streams through each proxy and samples its resident set. It prints one table with the ratios
# against the targets. wrk, nginx, the probe and the proxy share the machine's cores: every row runs the same way,
# so ratios within one run compare; absolute numbers depend on the machine.
set -euo pipefail

DURATION=${DURATION:-15}            # seconds of wrk per row
WARMUP=${WARMUP:-5}                 # seconds of wrk before each row, not measured (JIT tiering settles)
CONNECTIONS=${CONNECTIONS:-32}
TTFB_DURATION=${TTFB_DURATION:-10}  # seconds of probing per row
TTFB_RATE=${TTFB_RATE:-200}         # requests per second over all probe connections
SLOW_STREAMS=${SLOW_STREAMS:-1000}
SLOW_RATE=${SLOW_RATE:-1k}          # nginx limit_rate of the slow upstream (bytes/s per stream)
SLOW_SECONDS=${SLOW_SECONDS:-20}
ROUNDS=${ROUNDS:-1}                 # rounds of all throughput rows; the report gives medians, ratios per round first

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GATEWAY_REPO=${GATEWAY_REPO:-$ROOT}
WORK=$(mktemp -d /tmp/llmgateway-load.XXXXXX)
chmod 755 "$WORK" # nginx workers run as www-data when started by root
UPSTREAM_PORT=18080
SLOW_UPSTREAM_PORT=18081
NGINX_PORT=18090
YARP_PORT=18100
GATEWAY_PORT=18110
TICKS=$(getconf CLK_TCK)
PIDS=()

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for conf in "$WORK"/nginx-*.conf; do
    [ -f "$conf" ] && nginx -c "$conf" -s quit 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

install_missing() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "nginx and wrk are needed: run as root, or apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  log "publishing (Release) into $WORK"
  dotnet publish "$GATEWAY_REPO/src/LlmGateway/LlmGateway.csproj" -c Release -o "$WORK/gateway" -v q -nologo >/dev/null
  dotnet publish "$ROOT/bench/PlainYarp/PlainYarp.csproj" -c Release -o "$WORK/yarp" -v q -nologo >/dev/null
  dotnet publish "$ROOT/bench/TtfbProbe/TtfbProbe.csproj" -c Release -o "$WORK/probe" -v q -nologo >/dev/null
  dotnet build "$ROOT/bench/LlmGateway.Benchmarks/LlmGateway.Benchmarks.csproj" -c Release -o "$WORK/benchmarks" -v q -nologo >/dev/null
}

write_bodies() {
  # The upstream serves files named like the request paths; the bodies are the micro-benchmarks' streams.
  dotnet "$WORK/benchmarks/LlmGateway.Benchmarks.dll" write-streams "$WORK/streams" >/dev/null
  mkdir -p "$WORK/www/v1/chat"
  cp "$WORK/streams/messages.sse" "$WORK/www/v1/messages"
  cp "$WORK/streams/responses.sse" "$WORK/www/v1/responses"
  cp "$WORK/streams/chat-completions.sse" "$WORK/www/v1/chat/completions"

  local prompt='"Write a short paragraph about what an LLM gateway does and why streams need normalizing."'
  printf '{"model":"bench-messages","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":%s}]}' "$prompt" >"$WORK/body-messages.json"
  printf '{"model":"bench-responses","stream":true,"input":%s}' "$prompt" >"$WORK/body-responses.json"
  printf '{"model":"bench-chat","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":%s}]}' "$prompt" >"$WORK/body-chat.json"
  printf '{"model":"bench-slow","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":%s}]}' "$prompt" >"$WORK/body-slow.json"
}

nginx_common() {
  cat <<EOF
worker_processes auto;
worker_rlimit_nofile $(ulimit -n);
daemon on;
pid $WORK/nginx-$1.pid;
error_log $WORK/nginx-$1.error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp-$1/body;
  proxy_temp_path $WORK/tmp-$1/proxy;
  fastcgi_temp_path $WORK/tmp-$1/fastcgi;
  uwsgi_temp_path $WORK/tmp-$1/uwsgi;
  scgi_temp_path $WORK/tmp-$1/scgi;
  keepalive_requests 1000000;
  tcp_nodelay on;
EOF
}

start_nginx() {
  mkdir -p "$WORK/tmp-upstream" "$WORK/tmp-proxy"
  {
    nginx_common upstream
    cat <<EOF
  sendfile on;
  # POST to a static file is a 405 in nginx; turning that into the file itself serves the canned body to POSTs.
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    root $WORK/www;
    location /v1/ { default_type text/event-stream; error_page 405 =200 \$uri; }
  }
  server {
    listen 127.0.0.1:$SLOW_UPSTREAM_PORT;
    root $WORK/www;
    location /v1/ { default_type text/event-stream; limit_rate $SLOW_RATE; error_page 405 =200 \$uri; }
  }
}
EOF
  } >"$WORK/nginx-upstream.conf"
  {
    nginx_common proxy
    cat <<EOF
  upstream canned { server 127.0.0.1:$UPSTREAM_PORT; keepalive 256; }
  upstream slow { server 127.0.0.1:$SLOW_UPSTREAM_PORT; keepalive 256; }
  map \$http_x_bench_upstream \$target { default canned; slow slow; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://\$target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  } >"$WORK/nginx-proxy.conf"
  nginx -c "$WORK/nginx-upstream.conf"
  nginx -c "$WORK/nginx-proxy.conf"
}

# The config file sits in a directory of its own, as in the compose file: the gateway watches that directory for edits,
# so a log file written beside it would wake the watcher on every line.
write_gateway_config() {
  mkdir -p "$WORK/config"
  cat >"$WORK/config/gateway.json" <<EOF
{
  "Gateway": {
    "Upstreams": {
      "canned-messages": { "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "Apis": [ "messages" ] },
      "canned-responses": { "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "Apis": [ "responses" ] },
      "canned-chat": { "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "Apis": [ "chat-completions" ] },
      "slow-messages": { "BaseUrl": "http://127.0.0.1:$SLOW_UPSTREAM_PORT/v1", "Apis": [ "messages" ] }
    },
    "ModelGroups": {
      "bench-messages": { "Deployments": [ { "Upstream": "canned-messages", "Model": "bench-model" } ] },
      "bench-responses": { "Deployments": [ { "Upstream": "canned-responses", "Model": "bench-model" } ] },
      "bench-chat": { "Deployments": [ { "Upstream": "canned-chat", "Model": "bench-model" } ] },
      "bench-slow": { "Deployments": [ { "Upstream": "slow-messages", "Model": "bench-model" } ] }
    }
  }
}
EOF
}

# Starts a .NET proxy; its pid goes to the file $2. The gateway logs one line per request, as deployed (to a file here).
start_dotnet() {
  local name=$1 pidfile=$2
  shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  echo "$pid" >"$pidfile"
}

start_gateway() {
  start_dotnet gateway "$WORK/gateway.pid" dotnet "$WORK/gateway/LlmGateway.dll" --config "$WORK/config/gateway.json" --urls "http://127.0.0.1:$GATEWAY_PORT"
}

start_yarp() {
  start_dotnet yarp "$WORK/yarp.pid" dotnet "$WORK/yarp/PlainYarp.dll" --urls "http://127.0.0.1:$YARP_PORT" --upstream "http://127.0.0.1:$UPSTREAM_PORT"
}

stop_pidfile() {
  local pid
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

wait_ready() {
  local url=$1
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$url"; then return 0; fi
    sleep 0.2
  done
  echo "not ready: $url" >&2
  exit 1
}

# The processes whose CPU a target costs: the .NET process, or nginx's master and workers.
target_pids() {
  case $1 in
    direct) pgrep -P "$(cat "$WORK/nginx-upstream.pid")"; cat "$WORK/nginx-upstream.pid" ;;
    nginx) pgrep -P "$(cat "$WORK/nginx-proxy.pid")"; cat "$WORK/nginx-proxy.pid" ;;
    yarp) cat "$WORK/yarp.pid" ;;
    gateway) cat "$WORK/gateway.pid" ;;
  esac
}

# utime + stime in clock ticks, summed over the pids given (fields 14 and 15 of /proc/PID/stat, after the comm).
cpu_ticks() {
  local total=0 pid fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat")
    total=$((total + $(echo "$fields" | awk '{print $12 + $13}')))
  done
  echo "$total"
}

target_url() {
  local target=$1 path=$2
  case $target in
    direct) echo "http://127.0.0.1:$UPSTREAM_PORT$path" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT$path" ;;
    yarp) echo "http://127.0.0.1:$YARP_PORT$path" ;;
    gateway) echo "http://127.0.0.1:$GATEWAY_PORT$path" ;;
  esac
}

write_wrk_script() {
  local body=$1 out=$2 extra=${3:-}
  {
    echo 'wrk.method = "POST"'
    echo 'wrk.headers["Content-Type"] = "application/json"'
    [ -n "$extra" ] && echo "$extra"
    printf 'local f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' "$body"
    cat <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
EOF
  } >"$out"
}

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

warm_up() {
  local target=$1 path=$2 body=$3 script
  script="$WORK/wrk-$(basename "$body" .json).lua"
  [ -f "$script" ] || write_wrk_script "$body" "$script"
  log "warming up $target on $path"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$(target_url "$target" "$path")" >/dev/null
}

# One row: wrk against a target for one path, CPU of the target from /proc, then the TTFB probe.
measure() {
  local label=$1 target=$2 path=$3 body=$4 round=$5
  local url script pids before after result ttfb
  url=$(target_url "$target" "$path")
  script="$WORK/wrk-$(basename "$body" .json).lua"
  [ -f "$script" ] || write_wrk_script "$body" "$script"

  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$url" >/dev/null
  mapfile -t pids < <(target_pids "$target")
  before=$(cpu_ticks "${pids[@]}")
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url" | grep '^RESULT' || true)
  after=$(cpu_ticks "${pids[@]}")
  ttfb=$(dotnet "$WORK/probe/TtfbProbe.dll" --url "$url" --body "$body" --connections "$CONNECTIONS" --rate "$TTFB_RATE" --duration "$TTFB_DURATION" --warmup 2 || true)

  local requests duration errors non2xx
  requests=$(field requests "$result")
  duration=$(field duration_us "$result")
  errors=$(field errors "$result")
  non2xx=$(field non2xx "$result")
  if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then
    echo "wrk got no answers from $url; see the logs in $WORK" >&2
    exit 1
  fi
  awk -v label="$label" -v target="$target" -v req="$requests" -v dur="$duration" -v err="$errors" -v bad="$non2xx" \
      -v p50="$(field p50_us "$result")" -v p99="$(field p99_us "$result")" -v ticks=$((after - before)) -v hz="$TICKS" \
      -v t50="$(field ttfb_p50_ms "$ttfb")" -v terr="$(field errors "$ttfb")" -v round="$round" \
      'BEGIN { printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%.3f\t%.3f\t%d\t%d\n", label, target, req / (dur / 1e6), p50 / 1000, p99 / 1000,
               ticks * 1000 / hz / req, t50, err + bad + terr, round }' >>"$WORK/rows.tsv"
  log "$label via $target (round $round): $(tail -n1 "$WORK/rows.tsv" | cut -f3-8)"
}

# Resident set of a proxy while SLOW_STREAMS slow streams are open through it (nginx: its workers summed): the peak of
# the samples taken while all of them were open, and the peak over the whole run, which also covers the moment wrk
# stops and all streams are torn down at once; VmHWM at the end for the record.
slow_streams() {
  local target=$1 port url script peak=0 peak_open=0 streams=0 rss open hwm pids
  script="$WORK/wrk-slow.lua"
  [ -f "$script" ] || write_wrk_script "$WORK/body-slow.json" "$script" 'wrk.headers["X-Bench-Upstream"] = "slow"'
  case $target in
    gateway) port=$GATEWAY_PORT; pids=$(cat "$WORK/gateway.pid") ;;
    yarp) port=$YARP_PORT; pids=$(cat "$WORK/yarp.pid") ;;
    nginx) port=$NGINX_PORT; pids=$(pgrep -P "$(cat "$WORK/nginx-proxy.pid")" | tr '\n' ' ') ;;
  esac
  url="http://127.0.0.1:$port/v1/messages"
  wrk -t2 -c"$SLOW_STREAMS" -d"${SLOW_SECONDS}s" --timeout 120s -s "$script" "$url" >"$WORK/slow-$target.log" 2>&1 &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 0.5
    # shellcheck disable=SC2086
    rss=$(status_kb VmRSS $pids)
    open=$(ss -Htn state established "( sport = :$port )" | wc -l)
    [ "$rss" -gt "$peak" ] && peak=$rss
    [ "$open" -gt "$streams" ] && streams=$open
    [ "$open" -ge "$SLOW_STREAMS" ] && [ "$rss" -gt "$peak_open" ] && peak_open=$rss
  done
  wait "$wrk_pid" || true
  # shellcheck disable=SC2086
  hwm=$(status_kb VmHWM $pids)
  awk -v t="$target" -v s="$streams" -v o="$peak_open" -v p="$peak" -v h="$hwm" \
    'BEGIN { printf "%s\t%d\t%.1f\t%.1f\t%.1f\n", t, s, o / 1024, p / 1024, h / 1024 }' >>"$WORK/slow.tsv"
  log "slow streams via $target: $(tail -n1 "$WORK/slow.tsv" | cut -f2-)"
}

# A /proc/PID/status field in kB, summed over the pids given.
status_kb() {
  local key=$1 total=0 pid value
  shift
  for pid in "$@"; do
    value=$(awk -v k="$key:" '$1 == k {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# An awk function: the median of the numbers in a space-separated list (mawk has no sort built in).
MEDIAN_AWK='
function median(list,    v, n, i, j, t) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
'

report() {
  echo
  echo "LlmGateway load benchmark — $(date -u +%FT%TZ), gateway from $GATEWAY_REPO ($(git -C "$GATEWAY_REPO" rev-parse --short HEAD 2>/dev/null || echo 'no git')),"
  local rounds=""
  [ "$ROUNDS" -gt 1 ] && rounds=", medians of $ROUNDS rounds (ratios taken within each round)"
  echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $CONNECTIONS connections, ${DURATION}s per row, TTFB probe at $TTFB_RATE req/s$rounds"
  echo
  printf '| path | via | req/s | p50 ms | p99 ms | CPU ms/req | TTFB p50 ms | added TTFB p50 ms | errors |\n'
  printf '|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
  # Median over rounds of each column (errors: summed); "added TTFB" against direct's row of the same round.
  awk -F'\t' "$MEDIAN_AWK"'
    $2 == "direct" { base[$1 "/" $9] = $7 }
    { k = $1 "/" $2; if (!(k in seen)) { seen[k] = 1; order[++n] = k; label[k] = $1; via[k] = $2 }
      for (c = 3; c <= 7; c++) col[k "/" c] = col[k "/" c] " " $c
      added[k] = added[k] " " ($7 - base[$1 "/" $9]); errors[k] += $8 }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]; direct = via[k] == "direct"
        cpu = direct ? sprintf("(%.3f upstream)", median(col[k "/6"])) : sprintf("%.3f", median(col[k "/6"]))
        add = direct ? "—" : sprintf("%.3f", median(added[k]))
        printf "| %s | %s | %d | %.2f | %.2f | %s | %.3f | %s | %d |\n", label[k], via[k], median(col[k "/3"]),
          median(col[k "/4"]), median(col[k "/5"]), cpu, median(col[k "/7"]), add, errors[k]
      }
    }' "$WORK/rows.tsv"
  echo
  printf '| target | measured | limit | result |\n|---|---:|---:|---|\n'
  awk -F'\t' "$MEDIAN_AWK"'
    { cpu[$1 "/" $2 "/" $9] = $6; ttfb[$1 "/" $2 "/" $9] = $7; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
      if ($9 > rounds) rounds = $9 }
    function verdict(ok) { return ok ? "PASS" : "FAIL" }
    END {
      for (i = 1; i <= n; i++) {
        p = order[i]; nginx = ""; yarp = ""; added = ""
        for (r = 1; r <= rounds; r++) {
          g = cpu[p "/gateway/" r]
          nginx = nginx " " g / cpu[p "/nginx/" r]; yarp = yarp " " g / cpu[p "/yarp/" r]
          added = added " " (ttfb[p "/gateway/" r] - ttfb[p "/direct/" r])
        }
        x = median(nginx); printf "| %s: gateway CPU / nginx CPU | %.2f× | 3× | %s |\n", p, x, verdict(x <= 3)
        x = median(yarp); printf "| %s: gateway CPU / plain YARP CPU | %.2f× | 1.5× | %s |\n", p, x, verdict(x <= 1.5)
        x = median(added); printf "| %s: added TTFB p50 | %.3f ms | 1 ms | %s |\n", p, x, verdict(x <= 1)
      }
    }' "$WORK/rows.tsv"
  if [ -f "$WORK/slow.tsv" ]; then
    awk -F'\t' -v want="$SLOW_STREAMS" '$1 == "gateway" { printf "| %d slow streams open: gateway peak working set | %.1f MB | 150 MB | %s |\n", want, $3, ($3 > 0 && $3 <= 150 && $2 >= want) ? "PASS" : "FAIL" }' "$WORK/slow.tsv"
    echo
    printf '| %s slow streams via | open connections seen | peak RSS MB, all open | peak RSS MB, incl. teardown | VmHWM MB |\n|---|---:|---:|---:|---:|\n' "$SLOW_STREAMS"
    awk -F'\t' '{ printf "| %s | %d | %.1f | %.1f | %.1f |\n", $1, $2, $3, $4, $5 }' "$WORK/slow.tsv"
  fi
  echo
  echo "Raw rows: $WORK/rows.tsv; logs in $WORK"
}

check_ports_free() {
  local port
  for port in $UPSTREAM_PORT $SLOW_UPSTREAM_PORT $NGINX_PORT $YARP_PORT $GATEWAY_PORT; do
    if ss -Hltn "( sport = :$port )" | grep -q .; then
      echo "port $port is in use (another run, or something else): stop it first" >&2
      exit 1
    fi
  done
}

main() {
  local started=$SECONDS
  check_ports_free
  install_missing
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536
  build
  write_bodies
  write_gateway_config
  start_nginx
  start_yarp
  start_gateway
  wait_ready "http://127.0.0.1:$YARP_PORT/"
  wait_ready "http://127.0.0.1:$GATEWAY_PORT/health/live"

  # Every proxy serves every path once before any row is measured: the first row must not pay for JIT tiering of the
  # code the other paths share (the gateway tiers up for about as long as the first row's own warm-up).
  local entry label path body gwpath
  for entry in "/v1/messages|/v1/messages|messages" "/v1/responses|/v1/responses|responses" "/v1/chat/completions|/v1/messages|chat"; do
    IFS='|' read -r path gwpath body <<<"$entry"
    warm_up nginx "$path" "$WORK/body-$body.json"
    warm_up yarp "$path" "$WORK/body-$body.json"
    warm_up gateway "$gwpath" "$WORK/body-$body.json"
  done

  local round
  for round in $(seq 1 "$ROUNDS"); do
    for entry in "native Messages|/v1/messages|/v1/messages|messages" \
                 "native Responses|/v1/responses|/v1/responses|responses" \
                 "Chat→Messages|/v1/chat/completions|/v1/messages|chat"; do
      IFS='|' read -r label path gwpath body <<<"$entry"
      for target in direct nginx yarp; do
        measure "$label" "$target" "$path" "$WORK/body-$body.json" "$round"
      done
      measure "$label" gateway "$gwpath" "$WORK/body-$body.json" "$round"
    done
  done

  # Fresh processes, so the peak belongs to the open streams and not to the throughput runs before.
  stop_pidfile "$WORK/gateway.pid"
  stop_pidfile "$WORK/yarp.pid"
  start_gateway
  wait_ready "http://127.0.0.1:$GATEWAY_PORT/health/live"
  slow_streams gateway
  stop_pidfile "$WORK/gateway.pid"
  start_dotnet yarp "$WORK/yarp.pid" dotnet "$WORK/yarp/PlainYarp.dll" --urls "http://127.0.0.1:$YARP_PORT" --upstream "http://127.0.0.1:$SLOW_UPSTREAM_PORT"
  wait_ready "http://127.0.0.1:$YARP_PORT/"
  slow_streams yarp
  slow_streams nginx

  report
  echo "Took $((SECONDS - started)) s."
}

main "$@"
