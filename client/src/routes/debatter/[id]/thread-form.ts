/** What every action of the thread page answers (see +page.server.ts). */
export interface ThreadForm {
  action: string;
  target: string;
  done: boolean;
  values: { title?: string; body?: string; reason?: string };
  errors: { title?: string; body?: string; reason?: string };
  message: string | null;
}

/** The answer for this form, if the last action was this one on this post. */
export function answerFor(
  form: ThreadForm | null | undefined,
  action: string,
  target: string,
): ThreadForm | null {
  return form && form.action === action && form.target === target ? form : null;
}
