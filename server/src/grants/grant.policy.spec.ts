import { expect, it } from 'vitest';
import { mayRecord } from './grant.policy';

it('lets contact persons and administrators record, and nobody else', () => {
  expect(mayRecord({ isContactPerson: true, isAdministrator: false })).toBe(true);
  expect(mayRecord({ isContactPerson: false, isAdministrator: true })).toBe(true);
  expect(mayRecord({ isContactPerson: false, isAdministrator: false })).toBe(false);
});
