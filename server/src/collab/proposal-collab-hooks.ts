import { Inject, Injectable } from '@nestjs/common';
import { parseDocName } from '@lokalforum/protocol';
import type * as Y from 'yjs';
import type { Principal } from '../auth/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { checkProposalUpdate } from '../proposals/proposal-update-check';
import { type RenderedProposal, renderProposal } from '../proposals/proposal-document';
import { ProposalDocumentStore } from '../proposals/proposal-document.store';
import { ProposalPolicy } from '../proposals/proposal.policy';
import { ProposalsService } from '../proposals/proposals.service';
import {
  type CollabAccess,
  type CollabHooks,
  CollabRefusal,
  type StoreBatch,
} from './collab-hooks';
import type { IncomingUpdate } from './incoming-update';

/** The collaboration hooks for proposal documents (`proposal:<uuid>`). */
@Injectable()
export class ProposalCollabHooks implements CollabHooks<RenderedProposal> {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly policy: ProposalPolicy,
    private readonly documents: ProposalDocumentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(docName: string, principal: Principal): Promise<CollabAccess> {
    const ref = parseDocName(docName);
    const proposal = ref && (await this.proposals.find(ref.id));
    if (!proposal) throw new CollabRefusal(404, 'No such document');
    if (!(await this.policy.can(principal, 'read', proposal))) {
      throw new CollabRefusal(403, 'Not allowed to read this document');
    }
    return { principal, ...(await this.policy.participation(principal, proposal)) };
  }

  load(docName: string): Promise<Uint8Array[]> {
    return this.documents.loadParts(proposalId(docName));
  }

  check(_docName: string, update: IncomingUpdate): string | null {
    return checkProposalUpdate(update, { maxDepth: this.config.collab.maxDepth });
  }

  render(_docName: string, doc: Y.Doc): RenderedProposal {
    return renderProposal(doc);
  }

  store(docName: string, batch: StoreBatch<RenderedProposal>): Promise<void> {
    return this.documents.append(proposalId(docName), batch.update, batch.authors, batch.rendered);
  }

  unload(docName: string): void {
    this.documents.forget(proposalId(docName));
  }
}

/** Only names `authenticate` accepted reach the other hooks. */
function proposalId(docName: string): string {
  const ref = parseDocName(docName);
  if (!ref) throw new Error(`Not a proposal document: ${docName}`);
  return ref.id;
}
