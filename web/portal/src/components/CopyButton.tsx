import { useState } from 'react';

async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: fall back to selecting the text.
  }
  if (fallbackInput) {
    fallbackInput.focus();
    fallbackInput.select();
    return document.execCommand('copy');
  }
  return false;
}

export function CopyButton({ text, input, label = 'Copy' }: { text: string; input: () => HTMLInputElement | null; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={async () => setState((await copyText(text, input())) ? 'copied' : 'failed')}
      >
        {label}
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Could not copy: select the key and copy it by hand.' : ''}
      </span>
    </>
  );
}
