import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useAuth, useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { roleLabel } from '../lib/format';

const TENANT_PAGES = [
  { to: '/', label: 'Overview', end: true },
  { to: '/keys', label: 'Keys', end: false },
  { to: '/usage', label: 'Usage', end: false },
  { to: '/alerts', label: 'Alerts', end: false },
  { to: '/billing', label: 'Billing', end: false },
  { to: '/plans', label: 'Plans', end: false },
  { to: '/audit', label: 'Audit', end: false },
];

const SYSTEM_PAGES = [
  { to: '/cluster', label: 'Cluster', end: false },
  { to: '/tenants', label: 'Tenants', end: false },
  { to: '/nodes', label: 'Nodes', end: false },
];

export function Layout() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { identity } = useSession();
  const scope = useScope();
  const pages = scope.isSystem ? [...TENANT_PAGES, ...SYSTEM_PAGES] : TENANT_PAGES;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          GatoLink
        </div>
        <nav aria-label="Portal pages">
          <ul className="nav">
            {pages.map((p) => (
              <li key={p.to}>
                <NavLink to={p.to} end={p.end} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  {p.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami">
          {scope.isSystem ? (
            <label className="tenant-picker">
              <span>Tenant</span>
              <select value={scope.tenantId} onChange={(e) => scope.setTenantId(e.target.value)}>
                {(scope.tenants ?? [{ id: scope.tenantId, name: scope.tenantName }]).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="tenant-name" data-testid="tenant-name">
              Tenant <strong>{identity.tenantName}</strong>
            </span>
          )}
          <span className="identity" data-testid="identity">
            {identity.name} · {roleLabel(identity.role)}
          </span>
          <button type="button" className="button button-quiet" onClick={() => {
              // The next person to sign in starts at the overview, not on this admin's last page.
              navigate('/');
              signOut();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
    </>
  );
}
