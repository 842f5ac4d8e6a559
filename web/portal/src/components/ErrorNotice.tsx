import { describeError } from '../api/errors';

/** An API failure in words, with a way to try again. Never a blank screen. */
export function ErrorNotice({ error, onRetry, context }: { error: unknown; onRetry?: () => void; context?: string }) {
  const { title, detail } = describeError(error);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        {context ? `${context}: ` : ''}
        {title}
      </p>
      <p>{detail}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
