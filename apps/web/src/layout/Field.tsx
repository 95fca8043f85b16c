import { type ReactElement, cloneElement, useId } from 'react';

/**
 * A labelled control with its hint and error tied to it (aria-describedby, aria-invalid), so a screen reader
 * reads the error with the field; the error is also announced when it appears.
 */
export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      <p id={errorId} className="field-error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </div>
  );
}
