import type { UsageRow } from '../api/types';
import { formatCount, formatUsd } from '../lib/format';
import { totals } from '../lib/usage';

/** The four headline figures of a day-grouped usage report: spend today and this month, requests and tokens over 30 days. */
export function SpendStats({ rows, today, month, last30 }: { rows: UsageRow[]; today: string; month: string; last30: string }) {
  const todayRow = rows.find((r) => r.group === today);
  const monthTotals = totals(rows.filter((r) => r.group >= month));
  const last30Totals = totals(rows.filter((r) => r.group >= last30));
  return (
    <div className="stats">
      <div className="stat">
        <span className="stat-label">Spend today</span>
        <span className="stat-value" data-testid="spend-today">
          {formatUsd(todayRow?.cost_usd ?? 0)}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Spend this month</span>
        <span className="stat-value" data-testid="spend-month">
          {formatUsd(monthTotals.costUsd)}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Requests, last 30 days</span>
        <span className="stat-value" data-testid="requests-30d">
          {formatCount(last30Totals.requests)}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Tokens, last 30 days</span>
        <span className="stat-value">{formatCount(last30Totals.tokens)}</span>
      </div>
    </div>
  );
}
