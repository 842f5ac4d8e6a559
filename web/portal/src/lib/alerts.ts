import type { AlertRules, DeliveryAttempt, WebhookEvent } from '../api/types';

/** The events a webhook may subscribe to, as the admin API names them. */
export const WEBHOOK_EVENTS: { value: WebhookEvent; label: string }[] = [
  { value: 'budget.threshold', label: 'Budget thresholds' },
  { value: 'spend.anomaly', label: 'Spend anomalies' },
  { value: 'invoice.finalized', label: 'Invoices' },
  { value: 'wallet.low', label: 'Low wallet' },
];

/** The text of the alert form. */
export interface AlertInputs {
  thresholds: string;
  anomalyFactor: string;
}

export function alertInputs(rules: AlertRules): AlertInputs {
  return { thresholds: rules.thresholds.join(', '), anomalyFactor: rules.anomaly_factor === null ? '' : String(rules.anomaly_factor) };
}

/**
 * Reads the form: thresholds are whole percentages separated by commas or spaces ("50, 80, 100"), the factor a number or
 * empty (off). Only the shape is checked here: the silo is the one authority on the ranges, and its 400 names the field.
 */
export function parseAlertInputs(inputs: AlertInputs): {
  rules: { thresholds: number[]; anomaly_factor: number | null };
  errors: Partial<Record<keyof AlertInputs, string>>;
} {
  const errors: Partial<Record<keyof AlertInputs, string>> = {};
  const parts = inputs.thresholds
    .split(/[\s,;]+/)
    .map((p) => p.trim().replace(/%$/, ''))
    .filter(Boolean);
  const thresholds: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      errors.thresholds = `'${part}' is not a whole percentage.`;
      break;
    }
    thresholds.push(Number(part));
  }
  if (!errors.thresholds && thresholds.length === 0) errors.thresholds = 'Enter at least one percentage, e.g. 50, 80, 100.';

  const factorText = inputs.anomalyFactor.trim().replace(/[x×]$/, '');
  let factor: number | null = null;
  if (factorText !== '') {
    factor = Number(factorText);
    if (!/^\d+(\.\d+)?$/.test(factorText) || !Number.isFinite(factor)) {
      errors.anomalyFactor = 'Enter a number such as 5, or leave it empty to turn anomaly alerts off.';
      factor = null;
    }
  }
  return { rules: { thresholds, anomaly_factor: factor }, errors };
}

/** "50 % · 80 % · 100 % · anomaly at 5×" with "(default)" when the rules are not the key's or tenant's own. */
export function alertRulesSummary(rules: AlertRules): string {
  const parts = rules.thresholds.map((t) => `${t} %`);
  parts.push(rules.anomaly_factor === null ? 'no anomaly alert' : `anomaly at ${rules.anomaly_factor}×`);
  return parts.join(' · ') + (rules.is_default ? ' (default)' : '');
}

/** What one delivery attempt came to, in words. */
export function deliveryOutcome(attempt: DeliveryAttempt): string {
  if (attempt.delivered) return `delivered (${attempt.status_code ?? 'ok'})`;
  if (attempt.status_code !== null) return `failed (${attempt.status_code}), retried later`;
  return `failed (${attempt.error ?? 'no answer'}), retried later`;
}
