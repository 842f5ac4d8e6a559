import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { isTransient } from './api/errors';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { ScopeProvider } from './auth/ScopeContext';
import { Loading } from './components/Async';
import { ErrorNotice } from './components/ErrorNotice';
import { Layout } from './components/Layout';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { BillingPage } from './pages/BillingPage';
import { InvoicePage } from './pages/InvoicePage';
import { KeysPage } from './pages/KeysPage';
import { ClusterPage } from './pages/ClusterPage';
import { NodesPage } from './pages/NodesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverviewPage } from './pages/OverviewPage';
import { PlansPage } from './pages/PlansPage';
import { SignInPage } from './pages/SignInPage';
import { SystemOnly } from './pages/SystemOnly';
import { TenantsPage } from './pages/TenantsPage';
import { UsagePage } from './pages/UsagePage';

function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Only failures that can pass (network, 502-504) are retried; a 403 or 404 will not change.
        retry: (count, error) => isTransient(error) && count < 2,
        staleTime: 15_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

function Gate() {
  const { state, retryRestore, signOut } = useAuth();
  switch (state.status) {
    case 'signed_out':
      return <SignInPage notice={state.notice} />;
    case 'restoring':
    case 'completing':
      return (
        <main className="centered">
          <Loading label="Signing in…" />
        </main>
      );
    case 'restore_failed':
      return (
        <main className="centered">
          <div className="card signin">
            <h1>GatoLink portal</h1>
            <ErrorNotice error={state.error} onRetry={retryRestore} context="Could not check your key" />
            <button type="button" className="button" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        </main>
      );
    case 'signed_in':
      return (
        <ScopeProvider>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<OverviewPage />} />
              <Route path="keys" element={<KeysPage />} />
              <Route path="usage" element={<UsagePage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="billing" element={<BillingPage />} />
              <Route path="billing/invoices/:number" element={<InvoicePage />} />
              <Route path="plans" element={<PlansPage />} />
              <Route
                path="tenants"
                element={
                  <SystemOnly page="Tenants">
                    <TenantsPage />
                  </SystemOnly>
                }
              />
              <Route
                path="cluster"
                element={
                  <SystemOnly page="Cluster">
                    <ClusterPage />
                  </SystemOnly>
                }
              />
              <Route
                path="nodes"
                element={
                  <SystemOnly page="Nodes">
                    <NodesPage />
                  </SystemOnly>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </ScopeProvider>
      );
  }
}

export function App() {
  const [queryClient] = useState(newQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/portal">
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
