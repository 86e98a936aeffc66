#!/usr/bin/env bash
# Sourced by the smoke scripts (aot-smoke.sh, webapi-smoke.sh). `start_private_redis DIR` starts a redis-server bound
# to 127.0.0.1 on a free port below 55535, without persistence, in DIR, and sets redis_port and redis_pid; a port
# someone else takes in between makes it exit, and another is tried. `stop_private_redis` stops it by its PID.

port_is_free() { ! (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local candidate
    for _ in $(seq 1 50); do
        candidate=$((20000 + RANDOM % 35000))
        if port_is_free "$candidate"; then echo "$candidate"; return 0; fi
    done
    return 1
}

start_private_redis() {
    local dir=$1 candidate attempt
    redis_port=""
    redis_pid=""
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        candidate=$(free_port) || break
        redis-server --port "$candidate" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" > "$dir/redis.log" 2>&1 &
        redis_pid=$!
        for _ in $(seq 1 100); do
            if redis-cli -p "$candidate" ping 2>/dev/null | grep -q PONG; then redis_port=$candidate; return 0; fi
            kill -0 "$redis_pid" 2>/dev/null || break
            sleep 0.1
        done
        echo "redis-server did not start on port $candidate (attempt $attempt):"; tail -n 3 "$dir/redis.log"
        stop_private_redis
    done
    echo "could not start redis-server"
    return 1
}

stop_private_redis() {
    if [ -n "${redis_pid:-}" ]; then
        kill "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
        redis_pid=""
    fi
}
