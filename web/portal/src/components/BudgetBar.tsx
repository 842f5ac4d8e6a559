import { budgetAmounts, budgetLevel, budgetTitle, usedFraction, type BudgetUse } from '../lib/budget';
import { formatDateTime, formatPercent } from '../lib/format';

const LEVEL_TEXT = { ok: '', warning: 'Nearing budget', exceeded: 'Budget reached' } as const;

/** A budget as a bar: amber from 80%, red from 100%; the level is also said in words, not by colour alone. */
export function BudgetBar({ budget, label }: { budget: BudgetUse; label?: string }) {
  const fraction = usedFraction(budget.used, budget.limit);
  const level = budgetLevel(fraction);
  const title = label ?? budgetTitle(budget);
  return (
    <div className={`budget budget-${level}`}>
      <div className="budget-head">
        <span className="budget-title">{title}</span>
        <span className="budget-amounts">
          {budgetAmounts(budget)} · <strong>{formatPercent(fraction)}</strong>
          {level !== 'ok' && <span className="budget-flag"> · {LEVEL_TEXT[level]}</span>}
        </span>
      </div>
      <div
        className="budget-track"
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(fraction * 100))}
        aria-valuetext={`${formatPercent(fraction)} used${level !== 'ok' ? `, ${LEVEL_TEXT[level].toLowerCase()}` : ''}`}
      >
        <div className="budget-fill" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
      </div>
      <div className="budget-foot">Resets {formatDateTime(budget.resetsAt)}</div>
    </div>
  );
}
