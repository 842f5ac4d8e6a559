#!/usr/bin/env bash
# usage: bench/routing/ledger-split.sh /tmp/gatolink-bench-XXXX/gatolink.db
# The ledger of one `run.sh --workloads a --loads 80` (rr, lr, gl one after another, ~25 s apart; told apart by start time):
# per strategy, the requests sent to the a10 nodes, how many waited in the silo's queue, the mean silo wait, the mean
# node-side TTFT (silo TTFT - wait) and the median silo TTFT. Needs sqlite3.
d="$1"
sqlite3 -header -column "$d" "with e as (select (ts - duration_ms - (select min(ts) from usage_events))/1000.0 s, queued_ms q, ttft_ms f, node_id n from usage_events), t as (select case when s < 25 then 'rr' when s < 50 then 'lr' else 'gl' end st, * from e), r as (select st, f, row_number() over (partition by st order by f) k, count(*) over (partition by st) c from t) select t.st strategy, count(*) reqs, sum(n like 'a10%') on_a10, sum(q > 0) waited, round(avg(q)) mean_silo_wait_ms, round(avg(f - q)) mean_node_ttft_ms, (select round(f) from r where r.st = t.st and k = c / 2) p50_silo_ttft_ms from t group by 1 order by 1 desc"
