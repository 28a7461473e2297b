"""Shared pieces of the SSE benchmarks (bench/sse-fanout.py, bench/spool-latency.py).

- `SSEParser`: a minimal WHATWG event-stream parser: lines end at "\\r\\n", "\\n" or "\\r" (also when
  a "\\r\\n" pair is split across reads), a line starting with ":" is a comment, "field: value"
  strips one leading space, "data" lines are joined with "\\n", "event" sets the type (default
  "message"), "id" without NUL sets the last event id, "retry" takes digits only, a blank line
  dispatches the event (nothing is dispatched when no data line was seen).
- `SSEConnection`: one raw non-blocking socket on an asyncio loop (`loop.add_reader`), read with
  `recvmsg` so that each read also carries the kernel's receive timestamp (SO_TIMESTAMPNS,
  CLOCK_REALTIME): "user" times are when this process got to the bytes, "kernel" times when they
  reached the socket, i.e. without the delay added by this single-threaded client itself.
- helpers: RFC 3339 parsing (nanosecond fractions), spool line writing, percentiles, /proc figures.
"""
import asyncio
import calendar
import os
import resource
import socket
import struct
import time

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
ANCILLARY = socket.CMSG_SPACE(16)
# One receive buffer for every connection (one thread): recvmsg(262144) would allocate 256 KiB per call.
_RECV_BUFFER = bytearray(256 * 1024)
_RECV_VIEW = memoryview(_RECV_BUFFER)


class SSEParser:
    __slots__ = ("buf", "skip_lf", "data", "etype", "last_id", "retry", "dispatch")

    def __init__(self, dispatch):
        self.buf = b""
        self.skip_lf = False
        self.data = []
        self.etype = None
        self.last_id = b""
        self.retry = None
        self.dispatch = dispatch  # called as dispatch(type, data, last_id), bytes

    def feed(self, chunk):
        if self.skip_lf:
            self.skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        buf = self.buf + chunk if self.buf else chunk
        if not buf:
            return
        # A trailing "\r" ends its line now; a "\n" opening the next read then belongs to it.
        self.skip_lf = buf[-1:] == b"\r"
        if b"\r" in buf:  # normalise (same split as the regex \r\n|\r|\n, which is slow in re)
            buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = buf.split(b"\n")
        self.buf = lines.pop()
        for line in lines:
            if not line:
                if self.data:
                    self.dispatch(self.etype or b"message", b"\n".join(self.data), self.last_id)
                    self.data = []
                self.etype = None
                continue
            if line[0] == 0x3A:  # ":" comment
                continue
            colon = line.find(b":")
            if colon < 0:
                field, value = line, b""
            else:
                field, value = line[:colon], line[colon + 1:]
                if value[:1] == b" ":
                    value = value[1:]
            if field == b"data":
                self.data.append(value)
            elif field == b"event":
                self.etype = value
            elif field == b"id":
                if b"\0" not in value:
                    self.last_id = value
            elif field == b"retry":
                if value.isdigit():
                    self.retry = int(value)


class SSEConnection:
    """GET /events on a raw socket; `on_event(conn, type, data)` gets each event with `conn.tu`
    (time.time() when the bytes were read) and `conn.tk` (kernel receive timestamp of that read,
    or tu).

    With `backlog` (a collections.deque shared by the connections), reading and parsing are split:
    the read callback only takes the bytes and their two timestamps and queues them; `drain()`
    parses queued reads later, with the timestamps of their read. A burst of a million events then
    does not hold up the reads (which would delay the timestamps of everything behind it and let
    the sockets fill up); only the parsing lags."""

    __slots__ = ("index", "sock", "fd", "loop", "head", "status", "parser", "tu", "tk", "on_event",
                 "on_close", "closed", "events", "bytes", "backlog", "status_why")

    def __init__(self, index, loop, on_event, on_close=None, backlog=None):
        self.index = index
        self.loop = loop
        self.head = b""
        self.status = None
        self.parser = SSEParser(self._dispatch)
        self.tu = self.tk = 0.0
        self.on_event = on_event
        self.on_close = on_close
        self.closed = False
        self.events = 0
        self.bytes = 0
        self.sock = None
        self.backlog = backlog

    async def open(self, host, port, path="/events", rcvbuf=0):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        if rcvbuf:
            # Before connect, so that the window scale allows it. SO_RCVBUFFORCE (CAP_NET_ADMIN) is
            # not capped by net.core.rmem_max.
            try:
                s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock = s
        await self.loop.sock_connect(s, (host, port))
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
        await self.loop.sock_sendall(s, request)
        self.fd = s.fileno()
        self.loop.add_reader(self.fd, self._readable)

    def _dispatch(self, etype, data, last_id):
        self.events += 1
        self.on_event(self, etype, data)

    def _readable(self):
        try:
            n, anc, _, _ = self.sock.recvmsg_into([_RECV_BUFFER], ANCILLARY)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self._stop(f"error {e}")
            return
        tu = time.time()
        tk = tu
        for level, kind, raw in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(raw) >= 16:
                sec, nsec = struct.unpack_from("qq", raw)
                tk = sec + nsec * 1e-9
        if not n:
            self._stop("eof")
            return
        self.bytes += n
        data = _RECV_VIEW[:n].tobytes()
        if self.backlog is not None:
            self.backlog.append((self, tu, tk, data))
        else:
            self.take(tu, tk, data)

    def take(self, tu, tk, data):
        """Parses the bytes of one read (now, or later from the backlog)."""
        self.tu, self.tk = tu, tk
        if data is None:  # the end of the stream, queued after its last bytes
            self._closed(self.status_why)
            return
        if self.status is None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            self.status = self.head[:self.head.find(b"\r\n")].decode("latin-1")
            data = self.head[end + 4:]
            self.head = b""
            if " 200 " not in self.status + " ":
                self._stop(f"status {self.status}")
                return
        self.parser.feed(data)

    def _stop(self, why):
        """The socket is done: stop reading now; report the close once its queued bytes are parsed."""
        if self.closed:
            return
        self.closed = True
        self.loop.remove_reader(self.fd)
        self.sock.close()
        self.status_why = why
        if self.backlog is not None:
            self.backlog.append((self, 0.0, 0.0, None))
        else:
            self._closed(why)

    def _closed(self, why):
        if self.on_close:
            self.on_close(self, why)

    def close(self):
        if not self.closed:
            self.closed = True
            self.loop.remove_reader(self.fd)
            self.sock.close()


def drain(backlog, max_bytes):
    """Parses queued reads until about `max_bytes` were parsed; returns how many reads."""
    n = size = 0
    pop = backlog.popleft
    while backlog and size < max_bytes:
        conn, tu, tk, data = pop()
        conn.take(tu, tk, data)
        n += 1
        size += len(data) if data else 0
    return n


# --- time ------------------------------------------------------------------------------------

_rfc_cache = {}


def parse_rfc3339(text):
    """'2026-11-23T10:00:00.123456789Z' -> epoch seconds (float); UTC 'Z' only (what pantau writes)."""
    v = _rfc_cache.get(text)
    if v is not None:
        return v
    s = text.decode() if isinstance(text, (bytes, bytearray)) else text
    assert s.endswith("Z"), s
    main, _, frac = s[:-1].partition(".")
    t = calendar.timegm(time.strptime(main, "%Y-%m-%dT%H:%M:%S"))
    v = t + (int(frac) / 10 ** len(frac) if frac else 0.0)
    if len(_rfc_cache) > 100000:
        _rfc_cache.clear()
    _rfc_cache[text] = v
    return v


def rfc3339_ms(t):
    """epoch seconds -> '2026-11-23T10:00:00.123Z' (milliseconds, the event format's usual precision)."""
    ms = int(round(t * 1000))
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def json_field(data, name):
    """The string value of a top-level "name":"…" in compact JSON (no escapes needed here)."""
    key = b'"' + name + b'":"'
    i = data.find(key)
    if i < 0:
        return None
    i += len(key)
    return data[i:data.find(b'"', i)]


# --- spool -----------------------------------------------------------------------------------

def created_line(event_id, ts, ticket, channel):
    return ('{"id":"%s","ts":"%s","ticket":"%s","type":"created","channel":"%s"}\n'
            % (event_id, rfc3339_ms(ts), ticket, channel)).encode()


def append_lines(path, payload):
    """Appends complete lines with one write(2) (O_APPEND), as a producer does."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        n = os.write(fd, payload)
        assert n == len(payload)
    finally:
        os.close(fd)


# --- statistics and /proc --------------------------------------------------------------------

def percentiles(values, ps=(50, 99)):
    if not values:
        return {p: float("nan") for p in ps} | {"max": float("nan"), "n": 0}
    try:
        import numpy as np
        a = np.asarray(values, dtype=float)
        out = {p: float(np.percentile(a, p)) for p in ps}
        out["max"] = float(a.max())
        out["n"] = int(a.size)
        return out
    except ImportError:
        s = sorted(values)
        out = {p: s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] for p in ps}
        out["max"] = s[-1]
        out["n"] = len(s)
        return out


def fmt_ms(st, ps=(50, 99)):
    return ", ".join(f"p{p} {st[p] * 1e3:.1f} ms" for p in ps) + f", max {st['max'] * 1e3:.1f} ms (n={st['n']})"


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def host_cpu_seconds():
    """(busy, steal, softirq) CPU seconds of the whole machine so far, from /proc/stat (all cores)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return (user + nice + system + irq + softirq) / hz, steal / hz, softirq / hz


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS", "Threads"):
                out[k] = int(v.split()[0])
    return out


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(soft, n)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
    except (ValueError, PermissionError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def self_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def http_get(host, port, path):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    body = await reader.read()
    writer.close()
    return body.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in body else body
