import { formText } from '$lib/forms';
import type { Translate } from '$lib/i18n';
import { DEBATE_TITLE_MAX, POST_BODY_MAX } from '@lokalforum/protocol/browser';

/**
 * The protocol's limits for debate texts, checked before the API is asked so
 * the messages come in the visitor's language. Lengths count after trimming,
 * as the server counts them.
 */
export function checkText(
  t: Translate,
  value: string,
  max: number,
  missing:
    'compose.error.title' | 'compose.error.body' | 'thread.report.error' | 'thread.hide.error',
): string | null {
  const text = value.trim();
  if (!text) return t(missing);
  if (text.length > max) return t('compose.error.long', { max });
  return null;
}

export const checkTitle = (t: Translate, value: string) =>
  checkText(t, value, DEBATE_TITLE_MAX, 'compose.error.title');
export const checkBody = (t: Translate, value: string) =>
  checkText(t, value, POST_BODY_MAX, 'compose.error.body');

/** A start-a-debate form as sent, checked: the text, and what is wrong with it (none: send it). */
export function readDebateForm(
  t: Translate,
  form: FormData,
): { values: { title: string; body: string }; errors: { title?: string; body?: string } | null } {
  const values = { title: formText(form, 'title'), body: formText(form, 'body') };
  const title = checkTitle(t, values.title);
  const body = checkBody(t, values.body);
  const errors = title || body ? { ...(title && { title }), ...(body && { body }) } : null;
  return { values, errors };
}
