import type { ForumDecisions } from '@lokalforum/protocol';

/** Excel reads a UTF-8 file as UTF-8 (æøå) only when it starts with this mark. */
const BOM = '\uFEFF';

const columns = [
  'proposal_id',
  'title',
  'status',
  'authors',
  'version_number',
  'text_sha256',
  'yes',
  'no',
  'abstain',
  'outcome',
  'decided_at',
  'escalated_at',
  'answer_due_at',
  'overdue',
  'recipient_role',
  'escalation_status',
  'package_sha256',
  'answer_count',
  'last_answer_status',
  'last_answer_department',
  'last_answer_text',
  'last_answer_at',
  'last_answer_by',
  'last_answer_role',
] as const;

/**
 * One cell, quoted as RFC 4180 says (quotes doubled, the cell in quotes when it
 * holds a comma, quote or line break). Text a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) gets a leading apostrophe.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The decisions as CSV: one line per decided proposal, its latest answer in columns. */
export function decisionsCsv(data: ForumDecisions): string {
  const lines = [columns.join(',')];
  for (const d of data.decisions) {
    const last = d.answers.at(-1) ?? null;
    const cells: (string | number | boolean | null)[] = [
      d.proposalId,
      d.title,
      d.status,
      d.authors.join('; '),
      d.version.number,
      d.version.textSha256,
      d.tally.yes,
      d.tally.no,
      d.tally.abstain,
      d.outcome,
      d.decidedAt,
      d.escalation?.escalatedAt ?? null,
      d.escalation?.answerDueAt ?? null,
      d.escalation ? d.escalation.overdue : null,
      d.escalation?.recipientRole ?? null,
      d.escalation?.status ?? null,
      d.escalation?.packageSha256 ?? null,
      d.answers.length,
      last?.status ?? null,
      last?.department ?? null,
      last?.text ?? null,
      last?.at ?? null,
      last?.staffName ?? null,
      last?.staffRole ?? null,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
