#!/usr/bin/env bash
# Publishes samples/AotSmoke with Native AOT into $1, fails on any trim or AOT warning (IL2xxx/IL3xxx), then runs
# the binary against a private redis-server on a free 127.0.0.1 port: it must print a miss, then a hit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:?usage: aot-smoke.sh OUTPUT_FOLDER}
mkdir -p "$out"

dotnet publish samples/AotSmoke -c Release -o "$out/bin" 2>&1 | tee "$out/publish.log"
if grep -E 'warning (IL[23][0-9]{3})' "$out/publish.log"; then
    echo "Native AOT publish produced trim/AOT warnings (above)."
    exit 1
fi
echo "AOT binary: $(stat -c %s "$out/bin/AotSmoke") bytes"

redis_dir=$(mktemp -d -t aot-redis-XXXXXX)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$redis_dir"; }
trap cleanup EXIT

# A private redis-server on a free port below 55535; a port someone else holds makes it exit, and we try another.
set +e
port=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    candidate=$((20000 + RANDOM % 35000))
    redis-server --port "$candidate" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" > "$redis_dir/redis.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        if redis-cli -p "$candidate" ping 2>/dev/null | grep -q PONG; then port=$candidate; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$port" ] && break
    echo "redis-server did not start on port $candidate (attempt $attempt):"; tail -n 3 "$redis_dir/redis.log"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
done
set -e
[ -n "$port" ] || { echo "could not start redis-server"; exit 1; }

"$out/bin/AotSmoke" "127.0.0.1:$port" | tee "$out/run.log"
grep -q "first call:  miss" "$out/run.log" && grep -q "second call: hit" "$out/run.log" && grep -q "AOT smoke: OK" "$out/run.log"
