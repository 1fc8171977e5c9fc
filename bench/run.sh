#!/usr/bin/env bash
# Runs every benchmark of the engine and writes docs/BENCHMARKS.md (about 10 minutes on 2 cores,
# plus the release build when it is not up to date).
#
#   bench/run.sh
#
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION seconds per load run (5),
# BENCH_CONNECTIONS (32), BENCH_REQUESTS pre-signed webhooks (150000), BENCH_STATIC=1 to build the
# static Lambda zip first (scripts/build-lambda.sh, ~15 min) so the cold start uses it.
#
# What it does, in order (details and how to read the numbers: docs/BENCHMARKS.md):
#   1. installs wrk (Debian) and a venv bench/.venv with twilio, openai, boto3 (PyPI) when missing;
#   2. builds the release products (replies-engine, bench-bare-endpoint, bench-webhooks, bench-batch);
#   3. writes 4 tenants × 1000 conversations and BENCH_REQUESTS signed webhooks with distinct
#      MessageSids (bench-webhooks), seeds them into an embedded data directory;
#   4. ingest: per round, the bare Hummingbird endpoint, the engine (`serve`, embedded backend,
#      durable writes) and the Python baseline, each warmed up then loaded by wrk; checks that
#      every request was staged;
#   5. the batch path with zero-latency fakes (bench-batch);
#   6. cold start through a local Runtime API emulator (embedded), Python's import floor, sizes;
#   7. the AWS backend on moto: a short ingest run and the cold start (scripts/with-moto.sh);
#   8. bench/report.py turns bench/out/*.json into docs/BENCHMARKS.md.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
out="$root/bench/out"
rounds="${BENCH_ROUNDS:-3}"
duration="${BENCH_DURATION:-5}"
connections="${BENCH_CONNECTIONS:-32}"
requests="${BENCH_REQUESTS:-150000}"
threads=2
public_url="https://hooks.example.test"

log() { echo "bench: $*" >&2; }
fail() { echo "bench: $*" >&2; exit 1; }

# --- 1. tools ---------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
scripts/ensure-sqlite.sh
for tool in wrk python3 swift strip zip; do command -v "$tool" >/dev/null || fail "$tool not found"; done
venv="$root/bench/.venv"
if ! "$venv/bin/python" -c 'import twilio, openai, boto3' 2>/dev/null; then
    log "creating $venv (twilio, openai, boto3)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check twilio openai boto3
fi
py="$venv/bin/python"

# --- 2. build ---------------------------------------------------------------------------------
if [[ "${BENCH_STATIC:-0}" == 1 ]]; then scripts/build-lambda.sh; fi
log "swift build -c release"
swift build -c release >"$out.build.log" 2>&1 || { tail -30 "$out.build.log" >&2; fail "release build failed"; }
bin="$(swift build -c release --show-bin-path)"
rm -rf "$out" && mkdir -p "$out/logs"
mv "$out.build.log" "$out/logs/build.log"

# --- 3. data ----------------------------------------------------------------------------------
"$bin/bench-webhooks" --out "$out/load" --tenants 4 --users 1000 --requests "$requests" --url "$public_url/whatsapp" >&2
REPLIES_DATA_DIR="$out/template" "$bin/replies-engine" seed "$out/load/seed.json" >&2 2>>"$out/logs/seed.log"

# --- helpers ----------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
    for _ in $(seq 1 400); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || fail "server (pid $2) exited before listening; see $out/logs"
        sleep 0.025
    done
    fail "nothing listens on port $1"
}
proc_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# wrk_run PORT START_LINE SECONDS CONNECTIONS THREADS [PACE_MS] -> one JSON line
wrk_run() {
    wrk -t"$5" -c"$4" -d"$3"s --timeout 10s -s bench/wrk/signed.lua "http://127.0.0.1:$1" \
        -- "$out/load/requests.tsv" "$5" "$2" /whatsapp "${6:-0}" | tail -1
}
# pace_for LOAD_JSON -> the wait (whole ms, what wrk's delay hook takes) after each answer that
# holds 8 connections to at most 40 % of the rate the same process just reached saturated: a
# below-saturation run must not queue, or its latency is the queue's (p50 ≈ connections ÷ rate).
pace_for() {
    "$py" -c 'import json, math, sys; print(max(1, math.ceil(8 * 1000 / (0.4 * max(json.loads(sys.argv[1])["rps"], 1)))))' "$1"
}
engine_env=(
    PUBLIC_BASE_URL="$public_url" BATCH_WINDOW_SECONDS=900 REPLIES_MODEL=offline REPLIES_SENDER=console LOG_LEVEL=info
)
# Each run of a round reads its own lines, so that no webhook is sent twice (a repeat is answered
# as a duplicate and not staged again, which would blur "staged / sent"): the warm-up (1 s) the
# last 20,000, the below-saturation run (8 connections on 1 thread for 3 s, paced) the 30,000 before
# them, the load run the rest from line 0 (100,000 with the default: ≈ 11 s of the engine here).
# A run that still reaches the end of its lines starts over and is counted in the report.
warm_start=$(( requests - 20000 ))
low_start=$(( requests - 50000 ))

# measure TARGET ROUND: starts the target, records idle RSS, warms up (1 s, lines from the end of
# the file), measures, records peak RSS, stops it and checks what was staged.
measure() {
    local target="$1" round="$2" port pid data="" staged="null" triggers="null"
    port="$(free_port)"
    case "$target" in
        bare)
            "$bin/bench-bare-endpoint" --port "$port" >/dev/null 2>>"$out/logs/bare.log" &
            pid=$! ;;
        engine)
            data="$out/data-$round"
            rm -rf "$data" && cp -r "$out/template" "$data"
            env "${engine_env[@]}" REPLIES_DATA_DIR="$data" "$bin/replies-engine" serve --port "$port" \
                >/dev/null 2>>"$out/logs/engine-$round.log" &
            pid=$! ;;
        python)
            "$py" bench/python/baseline_server.py --port "$port" --seed "$out/load/seed.json" --public-url "$public_url" \
                >"$out/python-$round.stdout" 2>>"$out/logs/python-$round.log" &
            pid=$! ;;
        python-durable)
            rm -f "$out/python-durable.sqlite"*
            "$py" bench/python/baseline_server.py --port "$port" --seed "$out/load/seed.json" --public-url "$public_url" \
                --durable "$out/python-durable.sqlite" >"$out/python-durable-$round.stdout" 2>>"$out/logs/python-durable-$round.log" &
            pid=$! ;;
    esac
    wait_port "$port" "$pid"
    sleep 1
    local idle_kb; idle_kb="$(proc_kb "$pid" VmRSS)"
    local warm; warm="$(wrk_run "$port" "$warm_start" 1 "$connections" "$threads")"
    local result; result="$(wrk_run "$port" 0 "$duration" "$connections" "$threads")"
    local low="null"
    local pace="null"
    if [[ "$target" == engine || "$target" == bare ]]; then
        pace="$(pace_for "$result")"
        low="$(wrk_run "$port" "$low_start" 3 8 1 "$pace")"
    fi
    local peak_kb; peak_kb="$(proc_kb "$pid" VmHWM)"
    kill -TERM "$pid"
    wait "$pid" || true
    case "$target" in
        engine)
            read -r staged triggers < <("$py" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("select count(*) from fragments").fetchone()[0], c.execute("select count(*) from triggers").fetchone()[0])' \
                "$data/replies.sqlite")
            rm -rf "$data" ;;
        python|python-durable)
            staged="$("$py" -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["staged"])' \
                "$out/$target-$round.stdout")"
            triggers="$("$py" -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["triggers"])' \
                "$out/$target-$round.stdout")" ;;
    esac
    echo "{\"target\":\"$target\",\"round\":$round,\"idle_rss_kb\":$idle_kb,\"peak_rss_kb\":$peak_kb,\"staged\":$staged,\"triggers\":$triggers,\"warmup\":$warm,\"load\":$result,\"low\":$low,\"low_pace_ms\":$pace}" \
        >>"$out/ingest.jsonl"
    log "ingest $target round $round: $(echo "$result" | cut -c1-120)"
}

# --- 4. ingest, interleaved rounds --------------------------------------------------------------
for round in $(seq 1 "$rounds"); do
    for target in bare engine python python-durable; do measure "$target" "$round"; done
done

# --- 5. batch path ------------------------------------------------------------------------------
log "batch path"
"$bin/bench-batch" --conversations 1000 --fragments 3 --concurrency 4 --dir "$out/batch-data" \
    >"$out/batch.jsonl" 2>"$out/logs/batch.log"
rm -rf "$out/batch-data"

# --- 6. cold start, footprint, Python's import floor ---------------------------------------------
bootstrap="$out/bootstrap"
if [[ -f dist/replies-engine-lambda-x86_64.zip ]]; then
    (cd "$out" && unzip -q -o "$root/dist/replies-engine-lambda-x86_64.zip" bootstrap)
    echo '{"kind":"static","zip":"dist/replies-engine-lambda-x86_64.zip"}' >"$out/bootstrap.json"
else
    cp "$bin/replies-engine" "$bootstrap" && strip "$bootstrap"
    echo '{"kind":"dynamic release build, stripped (no dist/ zip: BENCH_STATIC=1 builds it)"}' >"$out/bootstrap.json"
fi
(cd "$out" && rm -f bootstrap.zip && zip -q -X -9 bootstrap.zip bootstrap)
"$py" -c 'import json, os, sys
print(json.dumps({"release_binary": os.path.getsize(sys.argv[1]), "bootstrap": os.path.getsize(sys.argv[2]),
                  "bootstrap_zip": os.path.getsize(sys.argv[3]), "bootstrap_kind": json.load(open(sys.argv[4]))["kind"]}))' \
    "$bin/replies-engine" "$bootstrap" "$out/bootstrap.zip" "$out/bootstrap.json" >"$out/sizes.json"

log "cold start (embedded backend)"
cold_data="$out/cold-data"
rm -rf "$cold_data" && cp -r "$out/template" "$cold_data"
env PUBLIC_BASE_URL="$public_url" REPLIES_DATA_DIR="$cold_data" \
    "$py" bench/python/coldstart.py --binary "$bootstrap" --requests "$out/load/requests.tsv" --first-line 100 \
    --runs 10 --label embedded --log "$out/logs/coldstart-embedded.log" >"$out/coldstart.jsonl"
"$py" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from fragments").fetchone()[0])' \
    "$cold_data/replies.sqlite" >"$out/coldstart-embedded-staged.txt"

log "Python import floor"
"$py" bench/python/startup.py --python "$py" --runs 10 >"$out/python-startup.json"

# --- 7. AWS backend on moto -------------------------------------------------------------------
log "AWS backend on moto"
BENCH_BIN="$bin" BENCH_OUT="$out" BENCH_PY="$py" BENCH_BOOTSTRAP="$bootstrap" BENCH_PUBLIC_URL="$public_url" \
    BENCH_DURATION="$duration" scripts/with-moto.sh bash bench/aws-moto.sh 2>>"$out/logs/moto.log" \
    || log "the moto part failed; see $out/logs/moto.log"

# --- 8. report ----------------------------------------------------------------------------------
"$py" bench/report.py --out "$out" --rounds "$rounds" --duration "$duration" --connections "$connections" \
    --threads "$threads" --requests "$requests" >docs/BENCHMARKS.md
log "wrote docs/BENCHMARKS.md"
