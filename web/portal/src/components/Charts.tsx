import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DayPoint } from '../lib/usage';
import { formatCompact, formatCount } from '../lib/format';

const REQUESTS = '#1d4ed8';
const TOKENS = '#b45309';

/** Requests (bars, left axis) and tokens (line, right axis) per day. */
export function DailyChart({ points, label }: { points: DayPoint[]; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis yAxisId="requests" tickFormatter={formatCompact} tick={{ fontSize: 12 }} allowDecimals={false} width={48} />
          <YAxis yAxisId="tokens" orientation="right" tickFormatter={formatCompact} tick={{ fontSize: 12 }} allowDecimals={false} width={48} />
          <Tooltip formatter={(value) => formatCount(Number(value))} />
          <Legend />
          <Bar yAxisId="requests" dataKey="requests" name="Requests" fill={REQUESTS} isAnimationActive={false} />
          <Line yAxisId="tokens" dataKey="tokens" name="Tokens" stroke={TOKENS} strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}

export interface GroupPoint {
  label: string;
  requests: number;
  tokens: number;
}

/** Requests and tokens per model or key. */
export function GroupChart({ points, label }: { points: GroupPoint[]; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={Math.max(160, 48 + points.length * 36)}>
        <BarChart data={points} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer>
          <CartesianGrid stroke="#e5e7eb" horizontal={false} />
          <XAxis type="number" xAxisId="requests" orientation="bottom" tickFormatter={formatCompact} tick={{ fontSize: 12 }} allowDecimals={false} />
          <XAxis type="number" xAxisId="tokens" orientation="top" tickFormatter={formatCompact} tick={{ fontSize: 12 }} allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={180} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => formatCount(Number(value))} />
          <Legend />
          <Bar xAxisId="requests" dataKey="requests" name="Requests" fill={REQUESTS} isAnimationActive={false} />
          <Bar xAxisId="tokens" dataKey="tokens" name="Tokens" fill={TOKENS} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}
