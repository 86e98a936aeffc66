#!/usr/bin/env bash
# One command for the Caching.Generators demo, from any directory:
#
#   ./samples/Demo/run.sh
#
# Installs redis-server if it is missing (apt-get, Debian/Ubuntu), starts a private Redis on a free 127.0.0.1 port
# in a temporary directory (no persistence), runs the demo against it and stops it on exit, whatever happens.
# With REDIS_URL set (redis://host:port or host:port), it uses that Redis instead and starts nothing; the demo
# writes only keys under a prefix unique to the run and deletes them at the end.
#
# Optional: DEMO_CALLS (reads in the workload, default 6000), DEMO_DB_ROUNDTRIP_MS (simulated database round trip,
# default 0.5), DEMO_KEEP_KEYS=1 (leave the cache entries in Redis), NO_COLOR=1.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"

say() { printf 'run.sh: %s\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    say "need root to run: $*  (install sudo, or run as root)"
    exit 1
  fi
}

if ! command -v dotnet > /dev/null; then
  say "the .NET SDK is missing: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again."
  exit 1
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$repo_root"

redis_pid=""
work_dir=""
cleanup() {
  if [[ -n $redis_pid ]] && kill -0 "$redis_pid" 2> /dev/null; then
    kill "$redis_pid" 2> /dev/null || true
    wait "$redis_pid" 2> /dev/null || true
  fi
  if [[ -n $work_dir ]]; then
    rm -rf "$work_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build before starting anything: a build does not stop on Ctrl+C, but this script then exits as soon as it ends.
say "building samples/Demo (Release; the first build restores packages and takes a minute)"
dotnet build samples/Demo/Demo.csproj -c Release -nologo -v quiet

if [[ -n ${REDIS_URL:-} ]]; then
  endpoint="$REDIS_URL"
  say "using the Redis in REDIS_URL"
else
  if ! command -v redis-server > /dev/null || ! command -v redis-cli > /dev/null; then
    say "installing redis-server and redis-tools with apt-get"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools
  fi

  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/caching-demo-redis.XXXXXX")"
  # Pick a random port below Linux's ephemeral range (32768+), where outgoing connections cannot hold it; if
  # another process takes it first anyway, redis-server exits and we try another.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((16000 + RANDOM % 16000))
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      continue # something already listens there
    fi
    redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --save '' --appendonly no \
      --dir "$work_dir" --logfile "$work_dir/redis.log" --daemonize no &
    redis_pid=$!
    for _ in $(seq 1 50); do
      if ! kill -0 "$redis_pid" 2> /dev/null; then
        break # it exited: most likely the port was taken
      fi
      # Ready, and really ours (not another server that won the port): its process id is the one we started.
      if redis-cli -h 127.0.0.1 -p "$port" info server 2> /dev/null | tr -d '\r' | grep -qx "process_id:$redis_pid"; then
        break 2
      fi
      sleep 0.1
    done
    kill "$redis_pid" 2> /dev/null || true
    wait "$redis_pid" 2> /dev/null || true
    redis_pid=""
  done
  if [[ -z $redis_pid ]]; then
    say "could not start a private redis-server after $attempt attempts; its last log lines:"
    tail -n 5 "$work_dir/redis.log" >&2 || true
    exit 1
  fi
  endpoint="127.0.0.1:$port"
  say "started a private redis-server (pid $redis_pid) on $endpoint; it stops when this script exits"
fi

status=0
dotnet run -c Release --no-build --project samples/Demo -- "$endpoint" || status=$?
exit "$status"
