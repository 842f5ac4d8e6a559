import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GroupBy, UsageRow } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { DailyChart, GroupChart } from '../components/Charts';
import { ErrorNotice } from '../components/ErrorNotice';
import { firstOfMonth, presetRange, RANGE_PRESETS, rangeProblem, type DayRange, type RangePreset } from '../lib/dates';
import { formatCount, formatUsd } from '../lib/format';
import { todayUtc } from '../lib/today';
import { csvFileName, fillDays, keyLabel, parseTagFilter, totalTokens, totals } from '../lib/usage';

const GROUPS: { value: 'day' | 'model' | 'key' | 'node' | 'tag'; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'model', label: 'Model' },
  { value: 'key', label: 'Key' },
  { value: 'node', label: 'GPU node' },
  { value: 'tag', label: 'Tag' },
];

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function UsagePage() {
  const { client } = useSession();
  const { tenantId, tenantName } = useScope();
  const queryClient = useQueryClient();
  const today = todayUtc();
  const [preset, setPreset] = useState<RangePreset | 'custom'>('30d');
  const [custom, setCustom] = useState<DayRange>(() => presetRange('30d', today));
  const [grouping, setGrouping] = useState<(typeof GROUPS)[number]['value']>('day');
  const [tagKey, setTagKey] = useState('customer');
  const [tagFilter, setTagFilter] = useState('');
  const groupBy: GroupBy = grouping === 'tag' ? `tag:${tagKey}` : grouping;
  const range = preset === 'custom' ? custom : presetRange(preset, today);
  const filter = parseTagFilter(tagFilter);
  const tags = filter.tags;
  const problem = rangeProblem(range) ?? filter.error;

  const report = useQuery({
    queryKey: ['usage', tenantId, groupBy, range.from, range.to, tags],
    queryFn: () => client.tenantUsage(tenantId, { ...range, groupBy, tags }),
    enabled: problem === null,
  });
  // What the response cache saved this month, whatever range the page shows (the report carries it for its range).
  const month = useQuery({
    queryKey: ['usage', tenantId, 'cache-month', firstOfMonth(today), today],
    queryFn: () => client.tenantUsage(tenantId, { from: firstOfMonth(today), to: today, groupBy: 'day' }),
  });
  const keys = useQuery({ queryKey: ['keys', tenantId], queryFn: () => client.listKeys(tenantId), enabled: groupBy === 'key' });
  const csv = useMutation({
    mutationFn: () => client.tenantUsageCsv(tenantId, { ...range, groupBy, tags }),
    onSuccess: (text) => download(text, csvFileName(tenantName, groupBy, range.from, range.to)),
  });

  const label = (row: UsageRow) => (groupBy === 'key' ? keyLabel(row.group, keys.data) : row.group === '' ? '(none)' : row.group);

  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Usage · {tenantName}</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Usage query">
        <label className="field-inline">
          <span>Range</span>
          <select
            value={preset}
            onChange={(e) => {
              const value = e.target.value as RangePreset | 'custom';
              if (value === 'custom') setCustom(range);
              setPreset(value);
            }}
          >
            {RANGE_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
        <label className="field-inline">
          <span>From</span>
          <input type="date" value={range.from} max={today} onChange={(e) => { setPreset('custom'); setCustom({ ...range, from: e.target.value }); }} />
        </label>
        <label className="field-inline">
          <span>To</span>
          <input type="date" value={range.to} max={today} onChange={(e) => { setPreset('custom'); setCustom({ ...range, to: e.target.value }); }} />
        </label>
        <fieldset className="segmented">
          <legend>Group by</legend>
          {GROUPS.map((g) => (
            <label key={g.value} className={grouping === g.value ? 'segment active' : 'segment'}>
              <input type="radio" name="group-by" value={g.value} checked={grouping === g.value} onChange={() => setGrouping(g.value)} />
              {g.label}
            </label>
          ))}
        </fieldset>
        {grouping === 'tag' && (
          <label className="field-inline">
            <span>Tag key</span>
            <input type="text" value={tagKey} maxLength={64} pattern="[A-Za-z0-9_.\-]+" onChange={(e) => setTagKey(e.target.value.trim() || 'customer')} />
          </label>
        )}
        <label className="field-inline">
          <span>Only tags</span>
          <input type="text" value={tagFilter} placeholder="customer:acme" onChange={(e) => setTagFilter(e.target.value)} />
        </label>
        <button type="button" className="button" onClick={() => void queryClient.invalidateQueries({ queryKey: ['usage', tenantId] })} disabled={problem !== null || report.isFetching}>
          {report.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" className="button" onClick={() => csv.mutate()} disabled={problem !== null || csv.isPending}>
          {csv.isPending ? 'Preparing CSV…' : 'Download CSV'}
        </button>
      </form>
      {problem && (
        <div className="notice notice-error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {csv.isError && <ErrorNotice error={csv.error} context="The CSV could not be downloaded" />}
      {problem === null && (
        <Async query={report} what="usage">
          {(data) => {
            const sum = totals(data.rows);
            return (
              <>
                <div className="stats">
                  <div className="stat">
                    <span className="stat-label">Requests</span>
                    <span className="stat-value" data-testid="usage-requests">
                      {formatCount(sum.requests)}
                    </span>
                  </div>
                  <div className="stat">
                    <span className="stat-label">Tokens</span>
                    <span className="stat-value">{formatCount(sum.tokens)}</span>
                  </div>
                  <div className="stat">
                    <span className="stat-label">Spend</span>
                    <span className="stat-value">{formatUsd(sum.costUsd)}</span>
                  </div>
                  <div className="stat">
                    <span className="stat-label">Errors</span>
                    <span className="stat-value">{formatCount(sum.errors)}</span>
                  </div>
                  <div className="stat">
                    <span className="stat-label">Cache saved this month</span>
                    <span className="stat-value" data-testid="cache-saved-month">
                      {month.data?.cache ? formatUsd(month.data.cache.saved_usd) : month.isError ? 'unknown' : '…'}
                    </span>
                    {month.data?.cache && (
                      <span className="stat-hint" data-testid="cache-hits-month">
                        {formatCount(month.data.cache.hits)} hits · {formatCount(month.data.cache.saved_tokens)} tokens
                      </span>
                    )}
                  </div>
                </div>
                <div className="panel">
                  <h2>
                    By {groupBy}, {data.from} to {data.to}
                  </h2>
                  {data.rows.length === 0 ? (
                    <p className="muted">No requests in this range.</p>
                  ) : groupBy === 'day' ? (
                    <DailyChart points={fillDays(data.rows, data.from, data.to)} label={`Requests and tokens per day, ${data.from} to ${data.to}`} />
                  ) : (
                    <GroupChart points={data.rows.map((r) => ({ label: label(r), requests: r.requests, tokens: totalTokens(r) }))} label={`Requests and tokens per ${groupBy}, ${data.from} to ${data.to}`} />
                  )}
                  {data.rows.length > 0 && (
                    <div className="table-wrap">
                      <table data-testid="usage-table">
                        <caption className="visually-hidden">
                          Usage by {groupBy}, {data.from} to {data.to}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">{grouping === 'tag' ? `Tag ${tagKey}` : GROUPS.find((g) => g.value === grouping)?.label}</th>
                            <th scope="col" className="num">Requests</th>
                            <th scope="col" className="num">Prompt tokens</th>
                            <th scope="col" className="num">Completion tokens</th>
                            <th scope="col" className="num">Spend</th>
                            <th scope="col" className="num">Errors</th>
                            <th scope="col" className="num">TTFT p50</th>
                            <th scope="col" className="num">TTFT p95</th>
                            <th scope="col" className="num">GPU seconds</th>
                            <th scope="col" className="num">GPU cost</th>
                            {grouping === 'node' && <th scope="col" className="num">Node share</th>}
                          </tr>
                        </thead>
                        <tbody>
                          {data.rows.map((r) => (
                            <tr key={r.group}>
                              <th scope="row">{label(r)}</th>
                              <td className="num">{formatCount(r.requests)}</td>
                              <td className="num">{formatCount(r.prompt_tokens)}</td>
                              <td className="num">{formatCount(r.completion_tokens)}</td>
                              <td className="num">{formatUsd(r.cost_usd)}</td>
                              <td className="num">{formatCount(r.errors)}</td>
                              <td className="num">{r.p50_ttft_ms === null ? '—' : `${r.p50_ttft_ms} ms`}</td>
                              <td className="num">{r.p95_ttft_ms === null ? '—' : `${r.p95_ttft_ms} ms`}</td>
                              <td className="num">{(r.gpu_seconds ?? 0).toFixed(1)}</td>
                              <td className="num">{r.gpu_cost_usd == null ? '—' : formatUsd(r.gpu_cost_usd)}</td>
                              {grouping === 'node' && <td className="num">{r.node_share == null ? '—' : `${(r.node_share * 100).toFixed(1)}%`}</td>}
                            </tr>
                          ))}
                        </tbody>
                        <tfoot>
                          <tr>
                            <th scope="row">Total</th>
                            <td className="num">{formatCount(sum.requests)}</td>
                            <td className="num">{formatCount(sum.promptTokens)}</td>
                            <td className="num">{formatCount(sum.completionTokens)}</td>
                            <td className="num">{formatUsd(sum.costUsd)}</td>
                            <td className="num">{formatCount(sum.errors)}</td>
                            <td />
                            <td />
                            <td className="num">{data.rows.reduce((t, r) => t + (r.gpu_seconds ?? 0), 0).toFixed(1)}</td>
                            <td className="num">{data.rows.some((r) => r.gpu_cost_usd != null) ? formatUsd(data.rows.reduce((t, r) => t + (r.gpu_cost_usd ?? 0), 0)) : '—'}</td>
                            {grouping === 'node' && <td />}
                          </tr>
                        </tfoot>
                      </table>
                    </div>
                  )}
                </div>
              </>
            );
          }}
        </Async>
      )}
    </section>
  );
}
