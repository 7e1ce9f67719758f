/** What the escalation panel's form actions send back (see escalation.server.ts). */
export interface EscalationFormResult {
  action: 'escalate' | 'answer' | 'handOver';
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string | null;
  escalated?: boolean;
  answered?: boolean;
  handedOver?: boolean;
}

const actions = new Set(['escalate', 'answer', 'handOver']);

/** The page's form result when it came from one of the escalation panel's actions. */
export function escalationForm(form: unknown): EscalationFormResult | null {
  if (typeof form !== 'object' || form === null || !('action' in form)) return null;
  return actions.has(String(form.action)) ? (form as EscalationFormResult) : null;
}
