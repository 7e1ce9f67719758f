import { textProblem } from '@lokalforum/protocol/browser';
import type { Cookies } from '@sveltejs/kit';

/** What the "Jeg har en idé" guide asks, one step at a time. */
export interface IdeaAnswers {
  what: string;
  place: string;
  /** The idea is for several areas (or the whole municipality): no place needed. */
  acrossAreas: boolean;
  field: string;
  how: IdeaHow | '';
}

export const ideaHows = ['myself', 'withOthers', 'withMunicipality'] as const;
export type IdeaHow = (typeof ideaHows)[number];

export const IDEA_STEPS = 4;
/**
 * The answers travel in one cookie (browsers keep at most 4 KB of one): 800
 * characters of idea, 100 of place and field, as UTF-8 in base64, stay under it.
 */
export const IDEA_WHAT_MAX = 800;
export const IDEA_LINE_MAX = 100;
const IDEA_COOKIE = 'lf_idea';

export const emptyAnswers = (): IdeaAnswers => ({
  what: '',
  place: '',
  acrossAreas: false,
  field: '',
  how: '',
});

/** The answers so far, kept in a cookie so going back (with the button or the browser) keeps them. */
export function readAnswers(cookies: Cookies): IdeaAnswers {
  const raw = cookies.get(IDEA_COOKIE);
  if (!raw) return emptyAnswers();
  try {
    const value = JSON.parse(
      Buffer.from(raw, 'base64url').toString('utf8'),
    ) as Partial<IdeaAnswers>;
    return {
      what: typeof value.what === 'string' ? value.what.slice(0, IDEA_WHAT_MAX) : '',
      place: typeof value.place === 'string' ? value.place.slice(0, IDEA_LINE_MAX) : '',
      acrossAreas: value.acrossAreas === true,
      field: typeof value.field === 'string' ? value.field.slice(0, IDEA_LINE_MAX) : '',
      how: ideaHows.includes(value.how as IdeaHow) ? (value.how as IdeaHow) : '',
    };
  } catch {
    return emptyAnswers();
  }
}

export function saveAnswers(cookies: Cookies, url: URL, answers: IdeaAnswers): void {
  cookies.set(IDEA_COOKIE, Buffer.from(JSON.stringify(answers)).toString('base64url'), {
    path: '/ide',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: 60 * 60 * 24,
  });
}

/** The step's own fields from the form, over the answers so far. */
export function withStep(answers: IdeaAnswers, step: number, form: FormData): IdeaAnswers {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  switch (step) {
    case 1:
      return { ...answers, what: text('what').slice(0, IDEA_WHAT_MAX) };
    case 2:
      return {
        ...answers,
        place: text('place').slice(0, IDEA_LINE_MAX),
        acrossAreas: form.get('acrossAreas') === 'on',
      };
    case 3:
      return { ...answers, field: text('field').slice(0, IDEA_LINE_MAX) };
    default: {
      const how = text('how');
      return { ...answers, how: ideaHows.includes(how as IdeaHow) ? (how as IdeaHow) : '' };
    }
  }
}

/** What is wrong with the step's answer before the guide may go on (a message key), or null. */
export function stepProblem(answers: IdeaAnswers, step: number): string | null {
  switch (step) {
    case 1:
      if (answers.what.length < 5) return 'idea.what.tooShort';
      return textProblem(answers.what, 'multiline') ? 'idea.badCharacters' : null;
    case 2:
      if (answers.acrossAreas) return null;
      if (answers.place.length < 2) return 'idea.place.missing';
      return textProblem(answers.place, 'line') ? 'idea.badCharacters' : null;
    case 3:
      return answers.field && textProblem(answers.field, 'line') ? 'idea.badCharacters' : null;
    default:
      return answers.how ? null : 'idea.how.missing';
  }
}

/** The idea as the start of a request: its first line (shortened) as subject, all of it as text. */
export function ideaRequest(what: string): { subject: string; text: string } {
  const first = what.trim().split('\n')[0]?.trim() ?? '';
  const subject = first.length > 80 ? `${first.slice(0, 79).trimEnd()}…` : first;
  return { subject, text: what.trim() };
}
