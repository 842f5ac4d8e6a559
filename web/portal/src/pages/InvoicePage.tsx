import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { Invoice } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { formatExactUsd, isUsageLine, lineKindLabel } from '../lib/billing';
import { formatCount, formatDateTime } from '../lib/format';

/**
 * One invoice with its lines, laid out to print (the print style sheet drops the portal's header and buttons):
 * the silo's numbers as they are, a draft marked as one.
 */
export function InvoicePage() {
  const { number = '' } = useParams();
  const { client } = useSession();
  const { tenantId, tenantName } = useScope();
  const invoice = useQuery({ queryKey: ['invoice', tenantId, number], queryFn: () => client.getInvoice(tenantId, number) });

  return (
    <section aria-labelledby="invoice-title" className="invoice">
      <div className="page-head no-print">
        <Link to="/billing">← Billing</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <Async query={invoice} what="the invoice">
        {(i) => <InvoiceSheet invoice={i} tenantName={tenantName} />}
      </Async>
    </section>
  );
}

function InvoiceSheet({ invoice: i, tenantName }: { invoice: Invoice; tenantName: string }) {
  return (
    <article className="card invoice-sheet" data-testid="invoice">
      <h1 id="invoice-title">
        Invoice {i.number} {i.status === 'draft' && <span className="badge badge-warning">Draft</span>}
      </h1>
      <dl className="details">
        <dt>Billed to</dt>
        <dd>
          {tenantName} <span className="mono muted">{i.tenant_id}</span>
        </dd>
        <dt>Period</dt>
        <dd>
          {i.period} ({formatDateTime(i.period_start)} – {formatDateTime(i.period_end)})
        </dd>
        <dt>Status</dt>
        <dd>{i.status === 'finalized' ? `Finalized ${formatDateTime(i.finalized_at)}` : 'Draft: the month is still open'}</dd>
        <dt>Plan</dt>
        <dd>{i.plan ?? 'none'}</dd>
        {i.included_tokens > 0 && (
          <>
            <dt>Included tokens</dt>
            <dd>
              {formatCount(i.included_tokens_used)} of {formatCount(i.included_tokens)} used
            </dd>
          </>
        )}
      </dl>
      <table data-testid="invoice-lines">
        <caption className="visually-hidden">Lines of invoice {i.number}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col" className="num">Input tokens</th>
            <th scope="col" className="num">Output tokens</th>
            <th scope="col" className="num">Input $/M</th>
            <th scope="col" className="num">Output $/M</th>
            <th scope="col" className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {i.lines.map((l, n) => (
            <tr key={n}>
              <th scope="row">
                {lineKindLabel(l.kind)}
                <div className="muted">{l.description}</div>
              </th>
              <td className="nowrap">{l.model ?? ''}</td>
              <td className="num">{isUsageLine(l) ? formatCount(l.requests) : ''}</td>
              <td className="num">{isUsageLine(l) ? formatCount(l.input_tokens) : ''}</td>
              <td className="num">{isUsageLine(l) ? formatCount(l.output_tokens) : ''}</td>
              <td className="num">{l.input_usd_per_million === null ? '' : formatExactUsd(l.input_usd_per_million)}</td>
              <td className="num">{l.output_usd_per_million === null ? '' : formatExactUsd(l.output_usd_per_million)}</td>
              <td className="num">{formatExactUsd(l.amount_usd)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={7}>
              Usage at the prices in force
            </th>
            <td className="num" data-testid="invoice-usage">{formatExactUsd(i.usage_usd)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={7}>
              Total
            </th>
            <td className="num" data-testid="invoice-total">
              <strong>{formatExactUsd(i.total_usd)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      {i.credit_notes.length > 0 && (
        <section aria-labelledby="credit-notes-title">
          <h2 id="credit-notes-title">Credit notes</h2>
          <table data-testid="credit-notes">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Issued</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">Credited</th>
              </tr>
            </thead>
            <tbody>
              {i.credit_notes.map((n) => (
                <tr key={n.number}>
                  <th scope="row">{n.number}</th>
                  <td>{formatDateTime(n.created_at)}</td>
                  <td>{n.reason}</td>
                  <td className="num">{formatExactUsd(-n.amount_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </article>
  );
}
