import { formatCount, formatUsd } from '../lib/format';

/** A short ranking table: name, requests, tokens, spend. */
export function TopTable({ rows, caption }: { rows: { label: string; requests: number; tokens: number; cost: number }[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Spend
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td className="num">{formatCount(r.requests)}</td>
              <td className="num">{formatCount(r.tokens)}</td>
              <td className="num">{formatUsd(r.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
