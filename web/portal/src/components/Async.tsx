import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorNotice } from './ErrorNotice';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** Loading, error (with retry) or the data. A failed refetch keeps showing the last data under the error. */
export function Async<T>({ query, children, what }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; what?: string }) {
  if (query.isPending) return <Loading label={what ? `Loading ${what}…` : 'Loading…'} />;
  return (
    <>
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} context={what ? `Could not load ${what}` : undefined} />}
      {query.data !== undefined && children(query.data)}
    </>
  );
}
