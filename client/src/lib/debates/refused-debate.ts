/** What a `?/debate` action sends back when it refused: the text, and what was wrong. */
export interface RefusedDebate {
  values: { title: string; body: string };
  errors: { title?: string; body?: string };
  message: string | null;
}
