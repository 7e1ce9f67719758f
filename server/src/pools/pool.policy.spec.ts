import { describe, expect, it } from 'vitest';
import {
  actorRole,
  type ApplicationFacts,
  mayTakeStep,
  NO_APPLICATION_FACTS,
  stepsAllowed,
} from './pool.policy';

const as = (facts: Partial<ApplicationFacts>): ApplicationFacts => ({
  ...NO_APPLICATION_FACTS,
  ...facts,
});
const author = as({ isAuthor: true });
const contact = as({ isContactPerson: true });
const areaCoCreator = as({ staff: 'coCreator', coversArea: true });
const otherCoCreator = as({ staff: 'coCreator' });
const consultant = as({ staff: 'processConsultant' });
const administrator = as({ isAdministrator: true });

describe('who takes which step', () => {
  it('gives the money steps to the area’s fælles-skaber, process consultants and administrators', () => {
    for (const step of ['review', 'grant', 'decline', 'pay'] as const) {
      for (const facts of [areaCoCreator, consultant, administrator]) {
        expect(mayTakeStep(step, facts), step).toBe(true);
      }
      for (const facts of [author, contact, otherCoCreator, NO_APPLICATION_FACTS]) {
        expect(mayTakeStep(step, facts), step).toBe(false);
      }
    }
  });

  it('gives the report to the forum’s side only', () => {
    expect(mayTakeStep('report', author)).toBe(true);
    expect(mayTakeStep('report', contact)).toBe(true);
    expect(mayTakeStep('report', areaCoCreator)).toBe(false);
    expect(mayTakeStep('report', administrator)).toBe(false);
  });

  it('lists only the steps that follow the status as well', () => {
    const underReview = (step: string) => step === 'grant' || step === 'decline';
    expect(stepsAllowed(areaCoCreator, underReview)).toEqual(['grant', 'decline']);
    expect(stepsAllowed(author, underReview)).toEqual([]);
  });

  it('names the actor’s role as the timeline shows it', () => {
    expect(actorRole('apply', author)).toBe('member');
    expect(actorRole('report', contact)).toBe('contactPerson');
    expect(actorRole('grant', areaCoCreator)).toBe('coCreator');
    expect(actorRole('grant', consultant)).toBe('processConsultant');
    expect(actorRole('pay', administrator)).toBe('administrator');
  });
});
