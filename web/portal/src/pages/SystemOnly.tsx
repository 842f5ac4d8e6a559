import type { ReactNode } from 'react';
import { useScope } from '../auth/ScopeContext';

export function SystemOnly({ page, children }: { page: string; children: ReactNode }) {
  const { isSystem } = useScope();
  if (isSystem) return <>{children}</>;
  return (
    <section>
      <h1>{page}</h1>
      <div className="notice notice-error" role="alert">
        <p className="notice-title">Only system admins can see this page.</p>
        <p>Your key is a tenant admin key: it manages its own tenant's keys, usage and audit log.</p>
      </div>
    </section>
  );
}
