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

source tests/private-redis.sh
redis_dir=$(mktemp -d -t aot-redis-XXXXXX)
cleanup() { stop_private_redis; rm -rf "$redis_dir"; }
trap cleanup EXIT
start_private_redis "$redis_dir"

"$out/bin/AotSmoke" "127.0.0.1:$redis_port" | tee "$out/run.log"
grep -q "first call:  miss" "$out/run.log" && grep -q "second call: hit" "$out/run.log" && grep -q "AOT smoke: OK" "$out/run.log"
