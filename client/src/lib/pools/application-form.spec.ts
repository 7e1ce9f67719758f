import { describe, expect, it } from 'vitest';
import { lineErrors, readApplicationForm } from './application-form';

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  return data;
}

describe('the application form', () => {
  it('sends the filled rows, digits as numbers and anything else as typed', () => {
    const { body, rows } = readApplicationForm(
      form({
        title: 'Shelter',
        text: 'Tekst',
        'line-0-description': 'Træ',
        'line-0-amount': '12000',
        'line-2-description': 'Tag',
        'line-2-amount': '4.000',
        ownFunding: '',
        volunteerHours: '10',
        declarations: ['buildingOwner', 'somethingElse'],
      }),
      'p1',
    );
    expect(rows).toEqual([0, 2]);
    expect(body).toEqual({
      proposalId: 'p1',
      title: 'Shelter',
      text: 'Tekst',
      lines: [
        { description: 'Træ', amountDkk: 12000 },
        { description: 'Tag', amountDkk: '4.000' },
      ],
      ownFundingDkk: 0,
      volunteerHours: 10,
      declarations: ['buildingOwner'],
    });
  });

  it('puts a problem with a sent row next to that row on the form', () => {
    const issues = [
      { path: 'lines.1.amountDkk', message: 'Helt antal kroner' },
      { path: 'title', message: 'Titlen mangler' },
    ];
    expect(lineErrors(issues, [0, 2])).toEqual({ '2-amount': 'Helt antal kroner' });
  });
});
