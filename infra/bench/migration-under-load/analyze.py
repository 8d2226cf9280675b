#!/usr/bin/env python3
"""Client latency of one pgbench run around a migration, from pgbench's per-transaction logs (-l).

With -R, pgbench logs each transaction's latency from its *scheduled* start, so a stall shows up in
every transaction scheduled during it. Transactions are placed by scheduled start (end - latency):
  before:  [start - BASELINE, start)        the seconds before the migration, same run
  during:  [start, end + 2 s]               the migration window (BENCHMARKS.md)
usage: analyze.py LOG_PREFIX START END BASELINE_S FAILED_FROM_SUMMARY  -> one JSON line
"""
import glob
import json
import sys


def stats(latencies_ms, failed):
    latencies_ms.sort()
    n = len(latencies_ms)

    def pct(p):
        return round(latencies_ms[min(n - 1, int(p * n))], 1) if n else None

    return {"n": n, "failed": failed, "over100": sum(1 for v in latencies_ms if v > 100),
            "p50": pct(0.50), "p99": pct(0.99), "max": round(latencies_ms[-1], 1) if n else None}


def main():
    prefix, start, end, baseline, failed_total = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), \
        float(sys.argv[4]), int(sys.argv[5])
    before, during = [], []
    failed_before = failed_during = 0
    for path in glob.glob(prefix + "*"):
        with open(path) as log:
            for line in log:
                f = line.split()
                if len(f) < 6:
                    continue
                finished = int(f[4]) + int(f[5]) / 1e6
                if f[2] in ("failed", "skipped"):
                    scheduled, latency = finished, None
                else:
                    latency = int(f[2]) / 1000.0
                    scheduled = finished - latency / 1000.0
                if start - baseline <= scheduled < start:
                    bucket = before
                elif start <= scheduled <= end + 2:
                    bucket = during
                else:
                    continue
                if latency is None:
                    if bucket is before:
                        failed_before += 1
                    else:
                        failed_during += 1
                else:
                    bucket.append(latency)
    # errors that abort a client are only in pgbench's summary: count them against the window
    failed_during += max(0, failed_total - failed_before - failed_during)
    print(json.dumps({"before": stats(before, failed_before), "during": stats(during, failed_during),
                      "migration_s": round(end - start, 2)}))


if __name__ == "__main__":
    main()
