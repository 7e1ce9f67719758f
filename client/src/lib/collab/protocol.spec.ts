import {
  COLLAB_PATH as protocolPath,
  collabCloseCodes,
  proposalDocumentLayout,
} from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { closeCodes, COLLAB_PATH, documentLayout } from './protocol';

describe('the browser’s copy of the collaboration constants', () => {
  it('matches the protocol', () => {
    expect(COLLAB_PATH).toBe(protocolPath);
    expect(documentLayout).toEqual(proposalDocumentLayout);
    for (const [name, code] of Object.entries(closeCodes)) {
      expect(collabCloseCodes[name as keyof typeof closeCodes], name).toBe(code);
    }
  });
});
