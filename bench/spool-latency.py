#!/usr/bin/env python3
"""Spool-to-client latency of issue #4 (run through bench/spool-latency.sh, which starts `pantau serve`).

One /events client. --tickets `created` events for --channel (FirstResponse=1s) are appended to a
spool file, one line per write(2), --rate per second at uniformly random instants (so every phase
of the push cycle is sampled), each with ts = now. Measured:
 - breach: receipt - the breach's "deadline" (ts + 1 s), p50/p99;
 - visibility: time from the append to the receipt of the first `metrics` event whose
   channels[CHANNEL].queue_depth includes the ticket (nothing else touches that channel, so the
   k-th ticket is in once queue_depth >= base + k); it is compared with the push interval: a push
   comes at most one interval after the append, so the target reads p99 <= interval + 20 ms. Also:
   how many tickets missed the first push after their append (the push carried figures from
   before the ticket was applied) and the receipt - "at" of the pushes.
Receipt times: user (when this client read the bytes) and kernel (SO_TIMESTAMPNS), see sselib.
"""
import argparse
import asyncio
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sselib import SSEConnection, created_line, fmt_ms, parse_rfc3339, percentiles  # noqa: E402


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--spool", required=True)
    ap.add_argument("--channel", default="lat")
    ap.add_argument("--tickets", type=int, default=240)
    ap.add_argument("--rate", type=float, default=20, help="appends per second")
    ap.add_argument("--budget", type=float, default=1.0, help="the channel's FirstResponse, seconds")
    ap.add_argument("--push-interval", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    loop = asyncio.get_running_loop()
    chan = a.channel

    pushes = []       # (user, kernel, at, queue_depth)
    snapshot = {}
    breaches = {}     # ticket -> (user - deadline, kernel - deadline)
    warnings = {}
    closed = []

    def on_event(conn, etype, data):
        if etype == b"metrics" or etype == b"snapshot":
            d = json.loads(data)
            depth = d["channels"][chan]["queue_depth"]
            if etype == b"snapshot":
                snapshot["depth"] = depth
            else:
                pushes.append((conn.tu, conn.tk, parse_rfc3339(d["at"]), depth))
        elif etype in (b"breach", b"warning"):
            d = json.loads(data)
            ref = parse_rfc3339(d["deadline"] if etype == b"breach" else d["at"])
            (breaches if etype == b"breach" else warnings)[d["ticket"]] = (conn.tu - ref, conn.tk - ref)

    conn = SSEConnection(0, loop, on_event, lambda c, why: closed.append(why))
    await conn.open(a.host, a.port)
    while "depth" not in snapshot:
        await asyncio.sleep(0.01)
    base = snapshot["depth"]
    await asyncio.sleep(a.push_interval * 1.5)

    path = os.path.join(a.spool, f"{chan}-latency.jsonl")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    nonce = os.getpid()
    appended = []     # time.time() right after the write returned
    start = time.time() + 0.1
    slot = 1.0 / a.rate
    for k in range(a.tickets):
        target = start + k * slot + rnd.uniform(0, slot)
        delay = target - time.time()
        if delay > 0.002:
            await asyncio.sleep(delay - 0.002)
        while time.time() < target:
            pass  # the last 2 ms spinning: asyncio's timer resolution is about 1 ms
        now = time.time()
        line = created_line(f"lat-{nonce}-{k}", now, f"L{nonce}-{k}", chan)
        os.write(fd, line)
        appended.append(time.time())
    os.close(fd)
    tickets = [f"L{nonce}-{k}" for k in range(a.tickets)]
    end = time.time() + a.budget + 2 * a.push_interval + 1
    while time.time() < end and not (len(breaches) >= a.tickets and pushes and pushes[-1][3] >= base + a.tickets):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    conn.close()

    # Visibility: for the k-th append (1-based count k), the first push with depth >= base + k.
    vis_user, vis_kernel, extra, missed_first = [], [], [], 0
    j = 0
    for k, ta in enumerate(appended, start=1):
        while j < len(pushes) and pushes[j][3] < base + k:
            j += 1
        if j == len(pushes):
            break
        vis_user.append(pushes[j][0] - ta)
        vis_kernel.append(pushes[j][1] - ta)
        first_after = next((i for i, p in enumerate(pushes) if p[1] > ta), j)
        if first_after != j:
            missed_first += 1
            extra.append(pushes[j][1] - pushes[first_after][1])
    pi = a.push_interval
    st_u, st_k = percentiles(vis_user), percentiles(vis_kernel)
    b_u = percentiles([v[0] for v in breaches.values()])
    b_k = percentiles([v[1] for v in breaches.values()])
    w_k = percentiles([v[1] for v in warnings.values()])
    gaps = percentiles([pushes[i][1] - pushes[i - 1][1] for i in range(1, len(pushes))], ps=(1, 50, 99))
    transit = percentiles([p[1] - p[2] for p in pushes])
    print(f"== {len(appended)} appends at {a.rate:g}/s to {path}; {len(pushes)} metrics pushes; closed: {closed or 'no'}")
    print(f"breach receipt - deadline ({len(breaches)} of {a.tickets} breaches):")
    print(f"  user:   {fmt_ms(b_u)}")
    print(f"  kernel: {fmt_ms(b_k)}")
    print(f"warning receipt - its at (kernel, {len(warnings)}): {fmt_ms(w_k)}")
    print(f"append -> first metrics push showing the ticket (push interval {pi * 1e3:.0f} ms, {len(vis_user)} tickets):")
    print(f"  user:   {fmt_ms(st_u)}")
    print(f"  kernel: {fmt_ms(st_k)}")
    print(f"  p99 beyond the push interval: user {(st_u[99] - pi) * 1e3:+.1f} ms, kernel {(st_k[99] - pi) * 1e3:+.1f} ms "
          f"(target <= +20 ms: {'met' if st_u[99] - pi <= 0.020 else 'NOT met'})")
    print(f"  tickets not in the first push after their append: {missed_first} of {len(vis_user)} "
          f"({100 * missed_first / max(1, len(vis_user)):.0f} %); they waited one more push ({fmt_ms(percentiles(extra))})")
    print(f"  push receipt - its at (board age at push): {fmt_ms(transit)}; interval between pushes: "
          f"{fmt_ms(gaps, ps=(1, 50, 99))}")
    missing = [t for t in tickets if t not in breaches]
    if missing:
        print(f"  tickets without a breach: {len(missing)} (first {missing[:3]})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"breach_user": b_u, "breach_kernel": b_k, "visible_user": st_u, "visible_kernel": st_k,
                       "missed_first_push": missed_first, "tickets": len(vis_user), "push_interval": pi}, f, indent=1)


if __name__ == "__main__":
    asyncio.run(main())
