/** What the page's `debate` action answers: refused with the values sent, or started. */
export type ProposalDebateFormResult =
  | {
      values: { title: string; body: string };
      errors: { title?: string; body?: string };
      message: string | null;
    }
  | { started: { id: string; title: string } };
