import { describe, expect, it } from 'vitest';
import type { AlertRules, DeliveryAttempt } from '../api/types';
import { alertInputs, alertRulesSummary, deliveryOutcome, parseAlertInputs } from './alerts';

const rules = (over: Partial<AlertRules> = {}): AlertRules => ({ scope: 'key', id: 'k', thresholds: [50, 80, 100], anomaly_factor: null, is_default: true, ...over });

describe('parseAlertInputs', () => {
  it('reads percentages separated by commas or spaces, with or without %, and an optional factor', () => {
    const { rules: parsed, errors } = parseAlertInputs({ thresholds: ' 25%, 80 100 ', anomalyFactor: '5x' });
    expect(errors).toEqual({});
    expect(parsed).toEqual({ thresholds: [25, 80, 100], anomaly_factor: 5 });
  });

  it('treats an empty factor as off and leaves ranges to the silo', () => {
    const { rules: parsed, errors } = parseAlertInputs({ thresholds: '150', anomalyFactor: '' });
    expect(errors).toEqual({});
    expect(parsed).toEqual({ thresholds: [150], anomaly_factor: null });
  });

  it('names each field that is not a number', () => {
    const { errors } = parseAlertInputs({ thresholds: '50, half', anomalyFactor: 'lots' });
    expect(errors.thresholds).toMatch(/'half' is not a whole percentage/);
    expect(errors.anomalyFactor).toMatch(/number/);
    expect(parseAlertInputs({ thresholds: ' , ', anomalyFactor: '' }).errors.thresholds).toMatch(/at least one/);
  });

  it('round-trips the rules the API answers', () => {
    const inputs = alertInputs(rules({ thresholds: [10, 90], anomaly_factor: 2.5 }));
    expect(inputs).toEqual({ thresholds: '10, 90', anomalyFactor: '2.5' });
    expect(parseAlertInputs(inputs).rules).toEqual({ thresholds: [10, 90], anomaly_factor: 2.5 });
  });
});

describe('alertRulesSummary', () => {
  it('says which rules are the defaults', () => {
    expect(alertRulesSummary(rules())).toBe('50 % · 80 % · 100 % · no anomaly alert (default)');
    expect(alertRulesSummary(rules({ thresholds: [80], anomaly_factor: 5, is_default: false }))).toBe('80 % · anomaly at 5×');
  });
});

describe('deliveryOutcome', () => {
  const attempt = (over: Partial<DeliveryAttempt>): DeliveryAttempt => ({ event_id: 'e', attempt: 1, at: '2026-12-07T00:00:00Z', status_code: 200, error: null, duration_ms: 3, delivered: true, ...over });
  it('puts each attempt in words', () => {
    expect(deliveryOutcome(attempt({}))).toBe('delivered (200)');
    expect(deliveryOutcome(attempt({ delivered: false, status_code: 500 }))).toBe('failed (500), retried later');
    expect(deliveryOutcome(attempt({ delivered: false, status_code: null, error: 'connection refused' }))).toBe('failed (connection refused), retried later');
  });
});
