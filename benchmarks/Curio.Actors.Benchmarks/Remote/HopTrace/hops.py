#!/usr/bin/env python3
"""Per-hop breakdown of a Channel round trip from the timestamps hop-trace.patch writes (see README.md)."""
import os, statistics, sys

d = sys.argv[1] if len(sys.argv) > 1 else '/tmp/perfnet/trace'
pids = sorted({f.split('-')[0] for f in os.listdir(d)}, key=int)
if len(pids) != 2:
    sys.exit(f'expected the files of 2 processes in {d}, found {pids}')

def load(pid, point):
    with open(f'{d}/{pid}-{point}') as f:
        return [int(x) for x in f.read().split()]

a = {p: load(pids[0], p) for p in range(5)}
b = {p: load(pids[1], p) for p in range(5)}
# The client sent one message more than it received back (the echo peer's mode marker).
client, peer = (a, b) if len(a[0]) > len(a[4]) else (b, a)
n = min(len(client[4]), len(peer[0]))
path = [client[0], client[1], peer[2], peer[3], peer[4], peer[0], peer[1], client[2], client[3], client[4]]
path = [p[-n:] for p in path]
hops = [
    'client task send -> client serializer (EndpointManager, ReliableDeliverySupervisor, EndpointWriter)',
    'client serializer -> peer deserializer (DotNetty write+flush, TCP, DotNetty read, ProtocolStateActor, EndpointReader)',
    'peer deserializer -> peer ConnectionActor',
    'peer ConnectionActor -> peer task has the message (wake-up through the kernel strand)',
    'peer task: received -> echo sent',
    'peer task send -> peer serializer',
    'peer serializer -> client deserializer (DotNetty, TCP, DotNetty, ProtocolStateActor, EndpointReader)',
    'client deserializer -> client ConnectionActor',
    'client ConnectionActor -> client task has the message',
]
skip = n // 4  # the benchmark's warm-up repetition
us = lambda t: t / 1000  # Stopwatch ticks are nanoseconds on Linux
total = [us(path[9][i] - path[0][i]) for i in range(skip, n)]
print(f'{n - skip} round trips: p50 {statistics.median(total):.1f} us, mean {statistics.mean(total):.1f} us')
for k, name in enumerate(hops):
    v = [us(path[k + 1][i] - path[k][i]) for i in range(skip, n)]
    print(f'  {statistics.median(v):7.1f} us p50 {statistics.mean(v):7.1f} us mean  {name}')
