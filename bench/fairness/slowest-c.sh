#!/usr/bin/env bash
# usage: bench/fairness/slowest-c.sh /tmp/gatolink-bench-XXXX/gatolink.db [N]
# The fair silo's ledger (its C requests have queued_ms 0 or little): tenant C's N slowest requests by silo-side TTFT,
# each with its silo queue wait and the batch and C requests in flight on its node (by the ledger) when it was placed.
# Needs sqlite3.
d="$1"
sqlite3 -header -column "$d" "with e as (select (u.ts - u.duration_ms - (select min(ts) from usage_events))/1000.0 s, (u.ts - (select min(ts) from usage_events))/1000.0 e, t.name n, u.node_id node, u.queued_ms q, u.ttft_ms f from usage_events u join tenants t on t.id=u.tenant_id), p as (select n, node, s, s+q/1000.0 placed, e, q, f from e) select a.n, a.node, round(a.placed,2) placed_s, round(a.q) queued_ms, round(a.f) silo_ttft_ms, (select count(*) from p b where b.node=a.node and b.placed < a.placed and b.e > a.placed and b.n != 'C') batch_in_flight, (select count(*) from p b where b.node=a.node and b.placed < a.placed and b.e > a.placed and b.n = 'C') c_in_flight from p a where a.n='C' order by a.f desc limit ${2:-8}"
