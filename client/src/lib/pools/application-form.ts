import type { ApplyBody, PoolRequirement } from '@lokalforum/protocol';
import { poolRequirements } from '@lokalforum/protocol/browser';
import { formText } from '$lib/forms';

/** Budget rows the form offers; empty ones are left out. */
export const BUDGET_ROWS = 6;

/** What the form sent, as text, to show again when it is refused. */
export interface ApplicationValues {
  title: string;
  text: string;
  lines: { description: string; amount: string }[];
  ownFunding: string;
  volunteerHours: string;
  declarations: PoolRequirement[];
}

/**
 * A whole number typed as digits becomes a number; anything else is sent as
 * it was typed, so the server's rules refuse it with their message.
 */
function amount(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function readApplicationForm(
  form: FormData,
  proposalId: string,
): { values: ApplicationValues; body: ApplyBody; rows: number[] } {
  const lines = Array.from({ length: BUDGET_ROWS }, (_, i) => ({
    description: formText(form, `line-${i}-description`),
    amount: formText(form, `line-${i}-amount`),
  }));
  const declared = form.getAll('declarations');
  const values: ApplicationValues = {
    title: formText(form, 'title'),
    text: formText(form, 'text'),
    lines,
    ownFunding: formText(form, 'ownFunding'),
    volunteerHours: formText(form, 'volunteerHours'),
    declarations: poolRequirements.filter((r) => declared.includes(r)),
  };
  // The rows sent, by their place on the form (the server counts only those).
  const rows = lines.flatMap((l, i) =>
    l.description.trim() !== '' || l.amount.trim() !== '' ? [i] : [],
  );
  const body = {
    proposalId,
    title: values.title,
    text: values.text,
    lines: rows.map((i) => ({
      description: lines[i]!.description,
      amountDkk: amount(lines[i]!.amount),
    })),
    ownFundingDkk: amount(values.ownFunding),
    volunteerHours: amount(values.volunteerHours),
    declarations: values.declarations,
  } as ApplyBody;
  return { values, body, rows };
}

/** Problems at `lines.<i>.<field>` by the form's row and field: `{ '2-amount': '…' }`. */
export function lineErrors(
  issues: { path: string; message: string }[] | undefined,
  rows: number[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const match = /^lines\.(\d+)\.(description|amountDkk)$/.exec(issue.path);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || row === undefined) continue;
    errors[`${row}-${match[2] === 'amountDkk' ? 'amount' : 'description'}`] ??= issue.message;
  }
  return errors;
}
