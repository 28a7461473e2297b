#!/usr/bin/env bash
# `make run`: serves Config/pantau.conf on a local spool and state (run/spool, run/state) with the
# simulator feeding it live traffic, prints the URLs, and stops both on Ctrl-C. No root needed.
# Run it again to go on where the last run stopped: the state is kept, and each simulator run
# without --seed writes ids of its own (see `pantau simulate --help`), so nothing is a duplicate.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PANTAU_BIN:-.build/debug/pantau}
RUN_DIR=${RUN_DIR:-run}
LISTEN=${LISTEN:-127.0.0.1:9747}
RATE=${RATE:-120/min}
mkdir -p "$RUN_DIR/spool" "$RUN_DIR/state"

# Installed before anything is started, so no signal can leave the daemon running on its own.
stop() {
    # Once stopping, further signals are ignored: the daemon's final checkpoint is on its way
    # (kill -9 the daemon to give it up).
    trap '' INT TERM HUP
    trap - EXIT
    if [ -n "${SIM:-}" ]; then
        kill -TERM "$SIM" 2>/dev/null || true
        wait "$SIM" 2>/dev/null || true
    fi
    if [ -n "${SERVE:-}" ] && [ -z "${SERVE_STATUS:-}" ]; then
        kill -TERM "$SERVE" 2>/dev/null || true
        SERVE_STATUS=0
        wait "$SERVE" 2>/dev/null || SERVE_STATUS=$?
    fi
    if [ -n "${TEE:-}" ]; then wait "$TEE" 2>/dev/null || true; fi
    echo "stopped; state kept in $RUN_DIR/ (rm -rf $RUN_DIR to start afresh)"
    exit "${SERVE_STATUS:-1}"
}
trap stop INT TERM HUP EXIT

# The daemon's stderr reaches the terminal and serve.log through one tee that ignores the
# terminal's signals and ends only when the daemon has closed its stderr (it has exited), so the
# messages of the shutdown (stopping, final checkpoint written, stopped) are never lost.
exec 3>&2
exec 4> >(trap '' INT TERM HUP QUIT; exec tee -a "$RUN_DIR/serve.log" >&3)
TEE=$!

# The daemon and the simulator run in process groups of their own (set -m), so Ctrl-C, which the
# terminal sends to its foreground process group, reaches only this script: `stop` then signals
# each of them once (a second signal would only make the daemon log "already stopping").
set -m
"$BIN" serve --config Config/pantau.conf --spool "$RUN_DIR/spool" --state "$RUN_DIR/state" \
    --listen "$LISTEN" 2>&4 4>&- &
SERVE=$!
set +m
exec 4>&-

for _ in $(seq 50); do
    if curl -fsS "http://$LISTEN/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVE" 2>/dev/null; then echo "pantau serve exited; see the messages above" >&2; exit 1; fi
    sleep 0.1
done

set -m
"$BIN" simulate --config Config/pantau.conf --spool "$RUN_DIR/spool" --rate "$RATE" 2>>"$RUN_DIR/simulate.log" &
SIM=$!
set +m

cat <<TEXT

Pantau is running on $LISTEN, fed by the simulator ($RATE, live). Open:
  http://$LISTEN/                  index
  http://$LISTEN/metrics           Prometheus (curl -H 'Accept: application/openmetrics-text' for OpenMetrics)
  http://$LISTEN/events            server-sent events (curl -N http://$LISTEN/events?channel=chat)
  http://$LISTEN/api/v1/snapshot   the figures as JSON
  http://$LISTEN/readyz            ready once the spool backlog is applied
Logs: $RUN_DIR/serve.log, $RUN_DIR/simulate.log. Ctrl-C stops both.

TEXT
# Until Ctrl-C (the trap runs `stop`), or until the daemon ends on its own.
status=0
wait "$SERVE" || status=$?
SERVE_STATUS=$status
