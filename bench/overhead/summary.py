"""Summary of bench/overhead/run.sh's throughput rounds: one line per target from lines such as
`gatolink round=1 rps=5000.0 p50_ms=… p99_ms=… requests=… errors=0 proxy_cpu_s=… node_cpu_s=…`."""
import sys

rows = {}
for line in sys.argv[1:]:
    name, *kv = line.split()
    rows.setdefault(name, []).append({k: float(v) for k, v in (x.split("=") for x in kv)})

def mean(rs, k):
    return sum(r[k] for r in rs) / len(rs)

direct, nginx = mean(rows["direct"], "rps"), mean(rows["nginx"], "rps")
print(f"{'target':<18} {'req/s':>8} {'spread':>7} {'p50 ms':>7} {'p99 ms':>7} {'% direct':>8} {'x nginx':>7} {'proxy CPU us/req':>16} {'node CPU us/req':>15} errors")
for name, rs in rows.items():
    rps = [r["rps"] for r in rs]
    spread = (max(rps) - min(rps)) / mean(rs, "rps")
    requests = sum(r["requests"] for r in rs)
    proxy = "-" if name == "direct" else f"{1e6 * sum(r['proxy_cpu_s'] for r in rs) / requests:.1f}"
    node = 1e6 * sum(r["node_cpu_s"] for r in rs) / requests
    flag = "" if spread <= 0.10 else "  (rounds spread over 10%)"
    print(f"{name:<18} {mean(rs, 'rps'):8.0f} {100 * spread:6.1f}% {mean(rs, 'p50_ms'):7.3f} {mean(rs, 'p99_ms'):7.3f} "
          f"{100 * mean(rs, 'rps') / direct:7.1f}% {mean(rs, 'rps') / nginx:6.2f}x {proxy:>16} {node:15.1f} {sum(r['errors'] for r in rs):.0f}{flag}")
