import { createMembers } from '../lib/database.mjs';

/** The seeded forum every benchmark editor is a member of. */
export const FORUM = 'jyderup';

/**
 * A new proposal in the forum, started through the API by the member with
 * `token` (the server writes its first document state itself).
 * @param {string} url  our server's http://host:port
 * @param {string} token
 * @returns {Promise<string>} the proposal's id
 */
export async function createProposal(url, token) {
  const res = await fetch(`${url}/api/forums/${FORUM}/proposals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bænke ved søen', summary: 'Benchmark' }),
  });
  if (res.status !== 201)
    throw new Error(`Creating a proposal gave ${res.status}: ${await res.text()}`);
  const proposal = /** @type {{ id: string }} */ (await res.json());
  return proposal.id;
}

/** A proposal in the forum, started by the first of `count` new members; their tokens. */
export async function proposalWithMembers(url, databaseUrl, count) {
  const people = await createMembers(databaseUrl, count, FORUM);
  const proposalId = await createProposal(url, people[0].token);
  return { proposalId, tokens: people.map((p) => p.token) };
}
