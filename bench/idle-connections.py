#!/usr/bin/env python3
"""Opens N idle TCP connections to HOST:PORT and holds them until killed (for bench/hostile-latency.sh).
Each connection sends nothing (the server's HeaderTimeout does not start before the first byte).
Prints how many are open once done, then sleeps."""
import resource
import socket
import sys
import time

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 1024), hard))
conns = []
for i in range(n):
    s = socket.socket()
    try:
        s.connect((host, port))
    except OSError as e:
        print(f"connection {i}: {e}", flush=True)
        break
    conns.append(s)
print(f"idle connections open: {len(conns)}", flush=True)
while True:
    time.sleep(3600)
