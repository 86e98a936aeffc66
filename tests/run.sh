#!/usr/bin/env bash
# Runs every test of Caching.Generators and ends with one line "N passed, N failed".
#
#   1. builds the solution (Release, warnings are errors);
#   2. runs each test project; the Redis tests start their own redis-server processes (and clusters) on free
#      127.0.0.1 ports; Caching.Resilience.Tests (faults, cluster failover, TLS + ACL, key injection, a 60 s load
#      run) is the slowest, a few minutes, and runs one test at a time;
#   3. runs the end-to-end tests again against StackExchange.Redis 3.4.35, and again on .NET 8 (self-contained,
#      since only the .NET 10 runtime is installed), the runtime tests on .NET 8 too;
#   4. publishes samples/AotSmoke with Native AOT, fails on any IL2xxx/IL3xxx warning, and runs the binary against
#      a private redis-server: it must print a miss, then a hit;
#   5. publishes samples/WebApi with Native AOT (any warning fails it) and drives it over HTTP against a private
#      redis-server (tests/webapi-smoke.sh).
#
# Installs redis-server from Debian's packages when it is missing. Needs the .NET 10 SDK.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d -t caching-tests-XXXXXX)
passed=0
failed=0
summary() { echo "$passed passed, $failed failed"; }
trap 'rm -rf "$work"' EXIT

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null || ! command -v curl >/dev/null; then
    echo "== installing redis-server, redis-tools and curl from Debian's packages"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools curl >/dev/null
fi
redis-server --version

# Adds the counters of every TRX file in $1 to the totals; a test run that wrote none counts as one failure.
count_trx() {
    local dir=$1 label=$2 found=0
    for trx in "$dir"/*.trx; do
        [ -f "$trx" ] || continue
        found=1
        local counters p f
        counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
        p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
        f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
        passed=$((passed + ${p:-0}))
        failed=$((failed + ${f:-0}))
        echo "   $label: ${p:-0} passed, ${f:-0} failed"
    done
    if [ "$found" -eq 0 ]; then
        echo "   $label: no test results (the run crashed or did not build)"
        failed=$((failed + 1))
    fi
}

run_tests() { # label, dotnet test arguments...
    local label=$1; shift
    local dir="$work/results/$label"
    echo "== $label"
    dotnet test "$@" --logger "trx;LogFileName=$label.trx" --results-directory "$dir" -- RunConfiguration.TreatNoTestsAsError=true \
        > "$work/$label.log" 2>&1 || tail -n 60 "$work/$label.log"
    grep -E '^(Passed|Failed)!' "$work/$label.log" || true
    count_trx "$dir" "$label"
}

echo "== build"
if ! dotnet build Caching.Generators.sln -c Release > "$work/build.log" 2>&1; then
    grep -E 'error|warn' "$work/build.log" | sort -u | head -n 40
    failed=$((failed + 1))
    summary
    exit 1
fi

for project in tests/*/*.Tests.csproj; do
    run_tests "$(basename "$project" .csproj)" "$project" -c Release --no-build
done

run_tests "EndToEnd-StackExchange.Redis-3.4.35" tests/Caching.EndToEnd.Tests -c Release \
    -p:StackExchangeRedisVersion=3.4.35 --artifacts-path "$work/ser3"
run_tests "EndToEnd-net8.0" tests/Caching.EndToEnd.Tests -c Release -p:CachingTestFramework=net8.0 --artifacts-path "$work/net8"
run_tests "Runtime-net8.0" tests/Caching.Runtime.Tests -c Release -p:CachingTestFramework=net8.0 --artifacts-path "$work/net8"

echo "== Native AOT: publish samples/AotSmoke and run it"
if bash tests/aot-smoke.sh "$work/aot" > "$work/aot.log" 2>&1; then
    passed=$((passed + 1))
    tail -n 5 "$work/aot.log"
else
    failed=$((failed + 1))
    tail -n 40 "$work/aot.log"
fi

echo "== Native AOT web API: publish samples/WebApi and drive it over HTTP"
if bash tests/webapi-smoke.sh "$work/webapi" > "$work/webapi.log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^(ok:|AOT binary|start-up|WebApi smoke)' "$work/webapi.log"
else
    failed=$((failed + 1))
    tail -n 60 "$work/webapi.log"
fi

summary
[ "$failed" -eq 0 ]
