#!/usr/bin/env bash
# `make run`: serves Config/pantau.conf on a local spool and state (run/spool, run/state) with the
# simulator feeding it live traffic, prints the URLs, and stops both on Ctrl-C. No root needed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PANTAU_BIN:-.build/debug/pantau}
RUN_DIR=${RUN_DIR:-run}
LISTEN=${LISTEN:-127.0.0.1:9747}
RATE=${RATE:-120/min}
mkdir -p "$RUN_DIR/spool" "$RUN_DIR/state"

"$BIN" serve --config Config/pantau.conf --spool "$RUN_DIR/spool" --state "$RUN_DIR/state" \
    --listen "$LISTEN" 2> >(tee -a "$RUN_DIR/serve.log" >&2) &
SERVE=$!
stop() {
    trap - INT TERM EXIT
    kill -TERM "${SIM:-}" 2>/dev/null || true
    kill -TERM "$SERVE" 2>/dev/null || true
    wait 2>/dev/null || true
    echo "stopped; state kept in $RUN_DIR/ (rm -rf $RUN_DIR to start afresh)"
}
trap stop INT TERM EXIT

for _ in $(seq 50); do
    if curl -fsS "http://$LISTEN/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVE" 2>/dev/null; then echo "pantau serve exited; see the messages above" >&2; exit 1; fi
    sleep 0.1
done

"$BIN" simulate --config Config/pantau.conf --spool "$RUN_DIR/spool" --rate "$RATE" 2>>"$RUN_DIR/simulate.log" &
SIM=$!

cat <<TEXT

Pantau is running on $LISTEN, fed by the simulator ($RATE, live). Open:
  http://$LISTEN/                  index
  http://$LISTEN/metrics           Prometheus (curl -H 'Accept: application/openmetrics-text' for OpenMetrics)
  http://$LISTEN/events            server-sent events (curl -N http://$LISTEN/events?channel=chat)
  http://$LISTEN/api/v1/snapshot   the figures as JSON
  http://$LISTEN/readyz            ready once the spool backlog is applied
Logs: $RUN_DIR/serve.log, $RUN_DIR/simulate.log. Ctrl-C stops both.

TEXT
wait "$SERVE"
