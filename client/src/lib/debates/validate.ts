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
