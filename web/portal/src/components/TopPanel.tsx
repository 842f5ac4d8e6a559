import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { UsageReport } from '../api/types';
import { topRows, totalTokens } from '../lib/usage';
import { Async } from './Async';
import { TopTable } from './TopTable';

/** A panel ranking a grouped usage report's rows by spend, with what to say when there are none. */
export function TopPanel({ title, query, what, label, count = 5, empty, testId }: {
  title: string;
  query: UseQueryResult<UsageReport>;
  what: string;
  label: (group: string) => string;
  count?: number;
  empty?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="panel" data-testid={testId}>
      <h2>{title}</h2>
      <Async query={query} what={what}>
        {(report) =>
          report.rows.length === 0 ? (
            <p className="muted">{empty ?? 'No requests in the last 30 days.'}</p>
          ) : (
            <TopTable
              rows={topRows(report.rows, count).map((r) => ({ label: label(r.group), requests: r.requests, tokens: totalTokens(r), cost: r.cost_usd }))}
              caption={`${title} by spend, last 30 days`}
            />
          )
        }
      </Async>
    </div>
  );
}
