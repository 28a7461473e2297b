#!/usr/bin/env python3
"""SSE fan-out benchmark of issue #4 (run through bench/sse-bench.sh, which starts `pantau serve`).

Opens --clients /events connections to one `pantau serve` (wall clock), then
 (a) quiet phase (--quiet seconds): the `metrics` push every PushInterval; for each push (keyed by
     its "at"), the spread = time from the first client receiving it to each client receiving it;
 (b) --bursts bursts, --burst-interval apart: --burst-size `created` events for the --channel
     (FirstResponse=2s) written into the spool with one write(2), ts = now, so that they all breach
     2 s later; latency = receipt time - the "deadline" of each breach, over every client and breach.
Also pantau's CPU (utime+stime from /proc/PID/stat over the measured phases) and memory (VmRSS
sampled every second, VmHWM at the end, /proc/PID/status).

Receipt times are taken twice: "user" = when this (single-threaded) client read the bytes,
"kernel" = the socket's receive timestamp (SO_TIMESTAMPNS) of that read. Reading and parsing are
split (sselib.SSEConnection with a backlog): the read callbacks only take the bytes and stamp them,
and the WHATWG parsing runs from a queue in between, so a burst of a million events to parse does
not delay the reads of what follows it (a read that comes late would stamp every event it holds
late, even with the kernel timestamp, which is that of the last segment read). The client sockets
also get a 1 MiB receive buffer (--rcvbuf), so that the server's writes never wait for this client
(TCP flow control). "/healthz" probes (a fresh connection every 0.25 s) show how long a plain
request waits behind the fan-out.
"""
import argparse
import asyncio
import collections
import gc
import json
import os
import sys
import time
from array import array

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sselib import (SSEConnection, append_lines, created_line, drain, fmt_ms, host_cpu_seconds, http_get,  # noqa: E402
                    json_field, parse_rfc3339, percentiles, proc_cpu_seconds, proc_status, raise_nofile, self_cpu_seconds)


class Hub:
    def __init__(self):
        self.phase = "connect"
        self.metrics = {}          # at -> (phase, array user times, array kernel times)
        self.notif_cache = {}      # data -> (kind, deadline, at)
        self.breach_user = array("d")
        self.breach_kernel = array("d")
        self.warning_user = array("d")
        self.warning_kernel = array("d")
        self.breach_tickets = {}   # ticket -> receipts
        self.breach_first = {}     # ticket -> earliest kernel receipt - deadline (first client to get it)
        self.snapshots = 0
        self.closed = {}
        self.other = {}

    def on_event(self, conn, etype, data):
        if etype == b"metrics":
            at = json_field(data, b"at")
            entry = self.metrics.get(at)
            if entry is None:
                entry = self.metrics[at] = (self.phase, array("d"), array("d"))
            entry[1].append(conn.tu)
            entry[2].append(conn.tk)
        elif etype == b"breach" or etype == b"warning":
            n = self.notif_cache.get(data)
            if n is None:
                d = json.loads(data)
                n = self.notif_cache[data] = (d["type"], parse_rfc3339(d["deadline"]), parse_rfc3339(d["at"]), d["ticket"])
            if n[0] == "breach":
                self.breach_user.append(conn.tu - n[1])
                self.breach_kernel.append(conn.tk - n[1])
                self.breach_tickets[n[3]] = self.breach_tickets.get(n[3], 0) + 1
                lat = conn.tk - n[1]
                if lat < self.breach_first.get(n[3], 1e9):
                    self.breach_first[n[3]] = lat
            else:
                self.warning_user.append(conn.tu - n[2])
                self.warning_kernel.append(conn.tk - n[2])
        elif etype == b"snapshot":
            self.snapshots += 1
        else:
            self.other[etype] = self.other.get(etype, 0) + 1

    def on_close(self, conn, why):
        self.closed[why] = self.closed.get(why, 0) + 1


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True, help="pantau serve's pid (for /proc figures)")
    ap.add_argument("--spool", required=True)
    ap.add_argument("--channel", default="bench")
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--connect-concurrency", type=int, default=200)
    ap.add_argument("--quiet", type=float, default=30)
    ap.add_argument("--bursts", type=int, default=3)
    ap.add_argument("--burst-size", type=int, default=100)
    ap.add_argument("--burst-interval", type=float, default=10)
    ap.add_argument("--drain", type=float, default=180, help="after the last burst, wait at most this long for every breach")
    ap.add_argument("--budget", type=float, default=2.0, help="the channel's FirstResponse, seconds")
    ap.add_argument("--rcvbuf", type=int, default=1 << 20,
                    help="SO_RCVBUF(FORCE) of each client socket, bytes (0: the kernel's default): room for a "
                         "burst, so that the server's writes are not held back by this client's parsing speed "
                         "and the kernel timestamps show when the server sent")
    ap.add_argument("--json", help="write the figures here too")
    a = ap.parse_args()

    limit = raise_nofile(a.clients + 1000)
    gc.disable()  # millions of small objects, no cycles worth collecting mid-run
    loop = asyncio.get_running_loop()
    hub = Hub()
    backlog = collections.deque()
    conns = [SSEConnection(i, loop, hub.on_event, hub.on_close, backlog) for i in range(a.clients)]
    parsing = True
    max_backlog = [0]

    async def parse_backlog():
        # Parses queued reads a slice (~32 KB, about a millisecond) at a time, yielding to the
        # read callbacks in between so that their timestamps stay current.
        while parsing or backlog:
            max_backlog[0] = max(max_backlog[0], len(backlog))
            if not drain(backlog, 32 * 1024):
                await asyncio.sleep(0.005)
            else:
                await asyncio.sleep(0)
    parser = asyncio.create_task(parse_backlog())
    sem = asyncio.Semaphore(a.connect_concurrency)
    failures = {}

    async def open_one(c):
        async with sem:
            try:
                await c.open(a.host, a.port, rcvbuf=a.rcvbuf)
            except OSError as e:
                failures[str(e)] = failures.get(str(e), 0) + 1
                c.closed = True

    rss_samples = []
    sampling = True

    async def sample_rss():
        while sampling:
            rss_samples.append(proc_status(a.pid)["VmRSS"])
            await asyncio.sleep(1)
    sampler = asyncio.create_task(sample_rss())

    probes = {"quiet": [], "bursts": []}

    async def probe_healthz():
        # A scrape-like request on a fresh connection every 0.25 s: how long the HTTP queue makes it wait.
        while sampling:
            phase, t = hub.phase, time.monotonic()
            try:
                await asyncio.wait_for(http_get(a.host, a.port, "/healthz"), 120)
                if phase in probes:
                    probes[phase].append(time.monotonic() - t)
            except (OSError, asyncio.TimeoutError):
                if phase in probes:
                    probes[phase].append(float("inf"))
            await asyncio.sleep(0.25)

    print(f"== RLIMIT_NOFILE here {limit[0]}; client SO_RCVBUF {a.rcvbuf or 'default'}; pantau pid {a.pid}: "
          f"{proc_status(a.pid)}", flush=True)
    t0 = time.monotonic()
    cpu_start_connect = proc_cpu_seconds(a.pid)
    await asyncio.gather(*(open_one(c) for c in conns))
    deadline = time.monotonic() + 60
    while hub.snapshots + len(failures) + sum(hub.closed.values()) < a.clients and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    connect_s = time.monotonic() - t0
    connected = sum(1 for c in conns if not c.closed)
    metrics_text = (await http_get(a.host, a.port, "/metrics")).decode()
    sse_gauge = next((l.split()[1] for l in metrics_text.splitlines() if l.startswith("pantau_sse_clients ")), "?")
    print(f"== connected {connected}/{a.clients} in {connect_s:.1f} s (snapshots {hub.snapshots}, failures {failures}, "
          f"closed {hub.closed}); pantau_sse_clients {sse_gauge}; pantau CPU for connecting "
          f"{proc_cpu_seconds(a.pid) - cpu_start_connect:.1f} s", flush=True)

    prober = asyncio.create_task(probe_healthz())

    # (a) quiet phase
    cpu0, wall0, self0 = proc_cpu_seconds(a.pid), time.monotonic(), self_cpu_seconds()
    host0, host_t0 = host_cpu_seconds(), time.monotonic()
    hub.phase = "quiet"
    await asyncio.sleep(a.quiet)
    cpu_quiet = proc_cpu_seconds(a.pid) - cpu0
    wall_quiet = time.monotonic() - wall0
    self_quiet = self_cpu_seconds() - self0

    # (b) bursts of breaches
    hub.phase = "bursts"
    cpu1, wall1 = proc_cpu_seconds(a.pid), time.monotonic()
    spool_file = os.path.join(a.spool, f"{a.channel}-burst.jsonl")
    nonce = os.getpid()
    expected_breaches = 0
    for b in range(a.bursts):
        now = time.time()
        payload = b"".join(created_line(f"fan-{nonce}-{b}-{i}", now, f"F{nonce}-{b}-{i}", a.channel)
                           for i in range(a.burst_size))
        append_lines(spool_file, payload)
        expected_breaches += a.burst_size
        await asyncio.sleep(a.burst_interval)
    # Wait for every breach to reach every client still connected (at most --drain seconds more).
    drain_until = time.monotonic() + a.drain
    await asyncio.sleep(max(0.0, a.budget + 0.5 - a.burst_interval))
    while (len(hub.breach_user) < expected_breaches * sum(1 for c in conns if not c.closed)
           and time.monotonic() < drain_until):
        await asyncio.sleep(0.1)
    hub.phase = "after"
    cpu_bursts = proc_cpu_seconds(a.pid) - cpu1
    wall_bursts = time.monotonic() - wall1
    status = proc_status(a.pid)
    sampling = False
    await sampler
    await prober
    parsing = False
    t_parse = time.monotonic()
    await parser
    print(f"== parsing backlog: at most {max_backlog[0]} reads waited to be parsed; {time.monotonic() - t_parse:.1f} s "
          f"to finish after the run")
    self_total = self_cpu_seconds() - self0
    host1, host_wall = host_cpu_seconds(), time.monotonic() - host_t0
    others = (host1[0] - host0[0]) - (proc_cpu_seconds(a.pid) - cpu0) - self_total
    alive = sum(1 for c in conns if not c.closed)
    metrics_text = (await http_get(a.host, a.port, "/metrics")).decode()
    server_counters = [l for l in metrics_text.splitlines()
                       if l.startswith(("pantau_sse_clients ", "pantau_http_refused_total", "pantau_sse_events_pushed_total",
                                        "pantau_http_connections "))]
    for c in conns:
        c.close()

    # figures
    def spreads(phase, which):
        out, reach, last = [], [], []
        for at, (ph, user, kernel) in hub.metrics.items():
            if ph != phase:
                continue
            times = user if which == "user" else kernel
            first = min(times)
            out.extend(t - first for t in times)
            reach.append(len(times))
            last.append(max(times) - first)
        return out, reach, last

    res = {"clients": a.clients, "connected": connected, "alive_at_end": alive, "closed": hub.closed,
           "connect_failures": failures, "connect_seconds": connect_s}
    print(f"== clients alive at the end: {alive}/{connected}; closed during the run: {hub.closed or 'none'}")
    for phase in ("quiet", "bursts"):
        for which in ("user", "kernel"):
            sp, reach, last = spreads(phase, which)
            st = percentiles(sp)
            res[f"metrics_spread_{phase}_{which}"] = st
            if which == "user":
                print(f"metrics pushes ({phase}): {len(reach)} pushes, each reached min {min(reach, default=0)} / "
                      f"max {max(reach, default=0)} clients")
            lst = percentiles(last)
            print(f"  spread first->each client ({phase}, {which:6}): {fmt_ms(st)}; first->last client per push: "
                  f"median {lst[50] * 1e3:.0f} ms, max {lst['max'] * 1e3:.0f} ms")
    for kind, user, kernel, expected in (("breach", hub.breach_user, hub.breach_kernel, expected_breaches),
                                         ("warning", hub.warning_user, hub.warning_kernel, expected_breaches)):
        su, sk = percentiles(user), percentiles(kernel)
        res[f"{kind}_user"], res[f"{kind}_kernel"] = su, sk
        ref = "deadline" if kind == "breach" else "its 'at'"
        print(f"{kind} receipt - {ref}: {len(user)} receipts of {expected * connected} expected "
              f"({expected} {kind}s x {connected} clients)")
        print(f"  user:   {fmt_ms(su)}")
        print(f"  kernel: {fmt_ms(sk)}")
    first = percentiles(list(hub.breach_first.values()), ps=(1, 50, 99))
    res["breach_first_client_kernel"] = first
    print(f"  per breach, its first client (kernel): {fmt_ms(first, ps=(1, 50, 99))}")
    missing = [t for t, n in hub.breach_tickets.items() if n < connected]
    print(f"  tickets breached: {len(hub.breach_tickets)}, of which delivered to fewer than all clients: {len(missing)}")
    for phase, values in probes.items():
        done = [v for v in values if v != float("inf")]
        st = percentiles(done)
        res[f"healthz_{phase}"] = st | {"timed_out": len(values) - len(done)}
        print(f"GET /healthz every 0.25 s during the {phase} phase: {fmt_ms(st)}; "
              f"no answer within 120 s: {len(values) - len(done)}")
    res["pantau_cpu"] = {"quiet_s": cpu_quiet, "quiet_wall": wall_quiet, "bursts_s": cpu_bursts, "bursts_wall": wall_bursts}
    res["pantau_mem_kib"] = {"VmHWM": status["VmHWM"], "VmRSS_end": status["VmRSS"], "VmRSS_max_sampled": max(rss_samples)}
    print(f"pantau CPU: quiet phase {cpu_quiet:.2f} s in {wall_quiet:.1f} s ({100 * cpu_quiet / wall_quiet:.0f} % of a core); "
          f"burst phase {cpu_bursts:.2f} s in {wall_bursts:.1f} s ({100 * cpu_bursts / wall_bursts:.0f} %)")
    print(f"pantau memory: VmHWM {status['VmHWM'] / 1024:.1f} MiB, VmRSS max sampled {max(rss_samples) / 1024:.1f} MiB, "
          f"VmRSS at end {status['VmRSS'] / 1024:.1f} MiB, threads {status['Threads']}")
    print(f"client (this process) CPU: quiet {self_quiet:.1f} s in {wall_quiet:.1f} s; whole measured run {self_total:.1f} s "
          f"in {wall_quiet + wall_bursts:.1f} s")
    print(f"host noise: everything but pantau and this client used {others:.1f} CPU s of "
          f"{(os.cpu_count() or 1) * host_wall:.0f} available during the measured run ({host_wall:.0f} s); softirq time (loopback delivery, also inside the processes' own figures) "
          f"{host1[2] - host0[2]:.1f} s; steal {host1[1] - host0[1]:.1f} s")
    res["host_other_cpu_s"] = others
    print("server counters at the end: " + "; ".join(server_counters))
    if hub.other:
        print(f"other events: {hub.other}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    asyncio.run(main())
