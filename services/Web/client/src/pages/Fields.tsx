// How a form shows what the server refused: the message under the field it names, the field marked invalid and
// pointing at its message. A field of a list ("emails") also carries the refusals of its items ("emails[1]").
import { t } from '../i18n';

export type Errors = Record<string, string[]>;

const messagesFor = (errors: Errors, name: string) =>
  Object.entries(errors).filter(([key]) => key === name || key.startsWith(`${name}[`)).flatMap(([, messages]) => messages);

export const fieldError = (errors: Errors, name: string) =>
  messagesFor(errors, name).map((message, i) => <p class="field-error" id={i === 0 ? `${name}-error` : undefined}>{message}</p>);

export const invalid = (errors: Errors, name: string) =>
  (messagesFor(errors, name).length > 0 ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {});

/** A row's two buttons in a list of people or places: change it, and switch it off or on (disable, close...). */
export function RowActions({ name, change, toggle, toggleLabel }: { name: string; change: () => void; toggle: () => void; toggleLabel: string }) {
  return (
    <span class="actions">
      <button type="button" onClick={change} aria-label={`${t('users.change')}: ${name}`}>{t('users.change')}</button>
      <button type="button" onClick={toggle} aria-label={`${toggleLabel}: ${name}`}>{toggleLabel}</button>
    </span>
  );
}
