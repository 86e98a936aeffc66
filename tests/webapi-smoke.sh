#!/usr/bin/env bash
# Publishes samples/WebApi with Native AOT into $1 and fails on any warning; then starts the binary against a private
# redis-server and a fresh SQLite file on free 127.0.0.1 ports and drives it over HTTP: a miss, a hit, a write and
# the invalidated read, a tag invalidation, output caching in Redis and its eviction, a 429 from the Redis rate
# limiter, a healthy /health, the cache metrics at /metrics and the cache manifest. Prints the binary's size and its start-up time (launch to a healthy /health).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:?usage: webapi-smoke.sh OUTPUT_FOLDER}
mkdir -p "$out"

dotnet publish samples/WebApi -c Release -o "$out/bin" 2>&1 | tee "$out/publish.log"
if grep -E ': warning [A-Z]+[0-9]+' "$out/publish.log"; then
    echo "Native AOT publish of samples/WebApi produced warnings (above); it must publish with none."
    exit 1
fi
echo "AOT binary: $(stat -c %s "$out/bin/WebApi") bytes"

source tests/private-redis.sh
data=$(mktemp -d -t webapi-smoke-XXXXXX)
api_pid=""
cleanup() {
    if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
    stop_private_redis
    rm -rf "$data"
}
trap cleanup EXIT
start_private_redis "$data"

api_port=$(free_port)
base="http://127.0.0.1:$api_port"
started=$(date +%s%N)
ASPNETCORE_URLS="$base" ConnectionStrings__redis="127.0.0.1:$redis_port" \
    ConnectionStrings__catalog="Data Source=$data/catalog.db" RateLimit__PermitLimit=5 RateLimit__WindowSeconds=60 \
    "$out/bin/WebApi" > "$data/api.log" 2>&1 &
api_pid=$!
healthy=""
for _ in $(seq 1 1000); do
    if curl -fsS "$base/health" 2>/dev/null | grep -q Healthy; then healthy=1; break; fi
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 0.01
done
if [ -z "$healthy" ]; then echo "the API did not become healthy:"; cat "$data/api.log"; exit 1; fi
echo "start-up to a healthy /health: $(( ($(date +%s%N) - started) / 1000000 )) ms (includes seeding SQLite)"

fail() { echo "FAILED: $*"; echo "--- API log"; tail -n 40 "$data/api.log"; exit 1; }
# request METHOD PATH [BODY]: sets $status, $body and $reads (the X-Database-Reads header).
request() {
    local headers="$data/headers"
    local args=(-sS -o "$data/body" -D "$headers" -w '%{http_code}' -X "$1" "$base$2")
    [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
    status=$(curl "${args[@]}")
    body=$(cat "$data/body")
    reads=$(sed -n 's/^X-Database-Reads: \([0-9]*\).*/\1/Ip' "$headers" | tr -d '\r')
}
expect() { # expected-status description
    [ "$status" = "$1" ] || fail "$2: HTTP $status, expected $1 (body: $body)"
    echo "ok: $2"
}

request GET /products/7;                  expect 200 "GET /products/7 (a miss: reads SQLite)"
first_reads=$reads; first_body=$body
request GET /products/7;                  expect 200 "GET /products/7 again"
[ "$reads" = "$first_reads" ] || fail "the second GET read SQLite ($first_reads -> $reads reads): not a hit"
[ "$body" = "$first_body" ] || fail "the hit returned $body, the miss $first_body"
echo "ok: the second GET was a hit (SQLite reads stay at $reads)"
[ -n "$(redis-cli -p "$redis_port" --scan --pattern 'webapi:catalog:product:7#*')" ] || fail "no product:7 entry in Redis"
echo "ok: the entry is in Redis: $(redis-cli -p "$redis_port" --scan --pattern 'webapi:catalog:product:7#*')"

request PUT /products/7/price '{"price":12.34}'; expect 204 "PUT /products/7/price (a write, then invalidation)"
request GET /products/7;                  expect 200 "GET /products/7 after the write"
[ "$reads" = "$((first_reads + 1))" ] || fail "the read after the write did not reach SQLite (reads $first_reads -> $reads)"
grep -q '"price":12.34' <<<"$body" || fail "the read after the write returned $body, not the new price"
echo "ok: the invalidated read is a miss with the new price: $body"

request GET /categories/3/products;       expect 200 "GET /categories/3/products (a miss)"
before=$reads
request GET /categories/3/products;       expect 200 "GET /categories/3/products again"
[ "$reads" = "$before" ] || fail "the category listing was not a hit"
request POST '/categories/3/reprice?factor=2'; expect 200 "POST /categories/3/reprice (tag invalidation)"
request GET /categories/3/products;       expect 200 "GET /categories/3/products after the reprice"
[ "$reads" = "$((before + 1))" ] || fail "the listing after the tag invalidation was not a miss"
echo "ok: the tag invalidation made the listing a miss"

request GET /categories/5/summary;        expect 200 "GET /categories/5/summary (computed)"
first_summary=$body
request GET /categories/5/summary;        expect 200 "GET /categories/5/summary again"
[ "$body" = "$first_summary" ] || fail "the second summary was computed again ($body, first $first_summary)"
grep -qi '^Age:' "$data/headers" || fail "the second summary has no Age header: output caching did not serve it"
[ -n "$(redis-cli -p "$redis_port" --scan --pattern 'webapi:outputcache:*')" ] || fail "no output-cache entry in Redis"
echo "ok: the second summary came from ASP.NET Core output caching, stored in Redis"
request POST '/categories/5/reprice?factor=3'; expect 200 "POST /categories/5/reprice (evicts the output-cache tag)"
request GET /categories/5/summary;        expect 200 "GET /categories/5/summary after the reprice"
[ "$body" != "$first_summary" ] || fail "after the reprice the summary was still the cached one"
echo "ok: the evicted summary was computed again: $body"

limited=""
for i in $(seq 1 6); do
    request GET /quotes/3
    if [ "$status" = 429 ]; then limited=$i; break; fi
    [ "$status" = 200 ] || fail "GET /quotes/3 answered $status"
done
[ "$limited" = 6 ] || fail "the rate limiter (5 per window) did not answer 429 to the 6th request (got it at ${limited:-none})"
echo "ok: the 6th GET /quotes/3 within the window got 429 from the Redis rate limiter"

request GET /health;                      expect 200 "GET /health"
grep -q Healthy <<<"$body" || fail "/health says $body"

request GET /metrics;                     expect 200 "GET /metrics"
grep -q '^cache_hits' <<<"$body" || fail "/metrics has no cache_hits counter"
grep -q '^cache_misses' <<<"$body" || fail "/metrics has no cache_misses counter"
echo "ok: /metrics exports $(grep -c '^cache_' <<<"$body") cache series"

request GET /diagnostics/cache-manifest;  expect 200 "GET /diagnostics/cache-manifest"
grep -q 'GetProductAsync' <<<"$body" && grep -q 'RepriceCategoryAsync' <<<"$body" || fail "the manifest lacks the repository's methods: $body"

echo "WebApi smoke: OK"
