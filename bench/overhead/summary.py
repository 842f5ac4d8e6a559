"""Summary of bench/overhead/run.sh's throughput rounds: one line per target from lines such as
`gatolink round=1 rps=5000.0 p50_ms=… p99_ms=… requests=… errors=0 proxy_cpu_s=… node_cpu_s=…`."""
import sys

rows = {}
for line in sys.argv[1:]:
    name, *kv = line.split()
    rows.setdefault(name, []).append({k: float(v) for k, v in (x.split("=") for x in kv)})

def mean(rs, k):
    return sum(r[k] for r in rs) / len(rs)

def cpu_per_request(rs, k):
    return 1e6 * sum(r[k] for r in rs) / sum(r["requests"] for r in rs)

direct, nginx = mean(rows["direct"], "rps"), mean(rows["nginx"], "rps")
nginx_cpu = cpu_per_request(rows["nginx"], "proxy_cpu_s")
# "CPU x nginx": nginx's proxy CPU per request over this target's, the throughput ratio if proxy CPU alone set it;
# a loaded machine moves it far less than req/s.
print(f"{'target':<18} {'req/s':>8} {'spread':>7} {'p50 ms':>7} {'p99 ms':>7} {'% direct':>8} {'x nginx':>7} "
      f"{'proxy CPU us/req':>16} {'CPU x nginx':>11} {'node CPU us/req':>15} errors")
for name, rs in rows.items():
    rps = [r["rps"] for r in rs]
    spread = (max(rps) - min(rps)) / mean(rs, "rps")
    proxy_cpu = cpu_per_request(rs, "proxy_cpu_s")
    proxy = "-" if name == "direct" else f"{proxy_cpu:.1f}"
    versus = "-" if name == "direct" or proxy_cpu == 0 else f"{nginx_cpu / proxy_cpu:.2f}x"
    node = cpu_per_request(rs, "node_cpu_s")
    flag = "" if spread <= 0.10 else "  (rounds spread over 10%)"
    print(f"{name:<18} {mean(rs, 'rps'):8.0f} {100 * spread:6.1f}% {mean(rs, 'p50_ms'):7.3f} {mean(rs, 'p99_ms'):7.3f} "
          f"{100 * mean(rs, 'rps') / direct:7.1f}% {mean(rs, 'rps') / nginx:6.2f}x {proxy:>16} {versus:>11} {node:15.1f} {sum(r['errors'] for r in rs):.0f}{flag}")
