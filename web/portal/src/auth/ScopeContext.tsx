import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from './AuthContext';
import type { Tenant } from '../api/types';

interface ScopeValue {
  /** The tenant the pages show: a tenant admin's own; a system admin picks one. */
  tenantId: string;
  tenantName: string;
  tenants: Tenant[] | undefined;
  setTenantId(id: string): void;
  isSystem: boolean;
}

const ScopeContext = createContext<ScopeValue | null>(null);

export function ScopeProvider({ children }: { children: ReactNode }) {
  const { client, identity } = useSession();
  const isSystem = identity.role === 'system_admin';
  const [picked, setPicked] = useState(identity.tenantId);
  const tenants = useQuery({ queryKey: ['tenants'], queryFn: () => client.listTenants(), enabled: isSystem });
  const tenantId = isSystem ? picked : identity.tenantId;
  const tenantName = isSystem ? (tenants.data?.find((t) => t.id === tenantId)?.name ?? identity.tenantName) : identity.tenantName;
  const value = useMemo(
    () => ({ tenantId, tenantName, tenants: tenants.data, setTenantId: setPicked, isSystem }),
    [tenantId, tenantName, tenants.data, isSystem],
  );
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): ScopeValue {
  const value = useContext(ScopeContext);
  if (!value) throw new Error('useScope outside ScopeProvider');
  return value;
}
