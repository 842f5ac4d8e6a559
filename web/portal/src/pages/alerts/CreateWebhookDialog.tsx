import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Webhook, WebhookEvent } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';
import { SecretReveal } from '../../components/SecretReveal';
import { WEBHOOK_EVENTS } from '../../lib/alerts';

/** Adds a receiver of the tenant's events; its signing secret is shown once. */
export function CreateWebhookDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['budget.threshold', 'spend.anomaly']);
  const [format, setFormat] = useState<'json' | 'slack'>('json');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [created, setCreated] = useState<Webhook | null>(null);

  const create = useMutation({
    mutationFn: () => client.createWebhook({ url: url.trim(), events, format, tenant_id: tenantId }),
    onSuccess: (webhook) => {
      setCreated(webhook);
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problem = /^https?:\/\/\S+$/i.test(url.trim()) ? null : 'Enter an http or https address, e.g. https://hooks.example.com/gatolink.';
    setUrlError(problem);
    if (!problem) create.mutate();
  }

  if (created?.secret) {
    return (
      <Modal open title="Webhook added" onClose={onClose} wide>
        <SecretReveal secret={created.secret} onDone={onClose} what={created.url} kind="webhook" />
      </Modal>
    );
  }

  return (
    <Modal open title="Add a webhook" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {create.isError && <ErrorNotice error={create.error} context="The webhook was not added" />}
        <div className="field">
          <label htmlFor="webhook-url">URL</label>
          <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={urlError ? true : undefined} aria-describedby="webhook-url-hint" />
          <span id="webhook-url-hint" className={urlError ? 'field-error' : 'hint'}>
            {urlError ?? 'GatoLink POSTs each event here, signed, and retries failures with a growing backoff.'}
          </span>
        </div>
        <fieldset className="fieldset">
          <legend>Events (none ticked: every event)</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev.value} className="checkbox checkbox-row">
              <input
                type="checkbox"
                checked={events.includes(ev.value)}
                onChange={(e) => setEvents(e.target.checked ? [...events, ev.value] : events.filter((x) => x !== ev.value))}
              />
              <span>
                {ev.label} <span className="mono muted">{ev.value}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="webhook-format">Body format</label>
          <select id="webhook-format" value={format} onChange={(e) => setFormat(e.target.value === 'slack' ? 'slack' : 'json')}>
            <option value="json">JSON event</option>
            <option value="slack">Slack-compatible ({'{"text": …}'})</option>
          </select>
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
