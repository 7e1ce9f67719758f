import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type CollabCloseCode, collabCloseCodes, proposalDocName } from '@lokalforum/protocol';
import { SessionsService } from '../auth/sessions.service';
import { DomainEventBus } from '../events/domain-event-bus';
import type { CollabConnection } from './collab-connection';
import { COLLAB_HOOKS, type CollabHooks, CollabRefusal } from './collab-hooks';
import { CollabService } from './collab.service';
import type { SharedDocument } from './shared-document';

const closeCodeOf: Record<CollabRefusal['status'], CollabCloseCode> = {
  401: collabCloseCodes.unauthenticated,
  403: collabCloseCodes.forbidden,
  404: collabCloseCodes.notFound,
  503: collabCloseCodes.serverShutdown,
};

/**
 * Ends on open /collab connections the rights that end elsewhere, on every
 * node (the events come through the domain event bus). A connection whose
 * session ended is closed with 4401 at once; one whose person left a forum or
 * lost a role, or whose proposal changed status, is authorised again through
 * the same hook as at the upgrade: refused → 4401/4403/4404, may read but no
 * longer edit → `readOnly` (the client reconnects as a reader). Nothing it
 * sends while that is decided is applied.
 */
@Injectable()
export class CollabAccessWatcher implements OnModuleInit {
  private readonly logger = new Logger('CollabAccess');
  /** Access changes heard so far: an upgrade that saw one while deciding decides again. */
  private changes = 0;

  constructor(
    private readonly bus: DomainEventBus,
    private readonly collab: CollabService,
    private readonly sessions: SessionsService,
    @Inject(COLLAB_HOOKS) private readonly hooks: CollabHooks,
  ) {}

  onModuleInit(): void {
    this.bus.on('session.ended', ({ sessionId }) => {
      this.changes += 1;
      for (const { connection } of this.collab.connectionsWhere(
        (c) => c.session.id === sessionId,
      )) {
        connection.close(collabCloseCodes.unauthenticated, 'Du er ikke længere logget ind');
      }
    });
    const personChanged = ({ userId }: { userId: string }) => {
      this.changes += 1;
      this.recheckWhere((connection) => connection.userId === userId);
    };
    this.bus.on('membership.ended', personChanged);
    this.bus.on('role.ended', personChanged);
    this.bus.on('proposal.statusChanged', ({ proposalId }) => {
      this.changes += 1;
      const name = proposalDocName(proposalId);
      this.recheckWhere((_, document) => document.name === name);
    });
    // Events published while Redis was away are lost: check everything, sessions included.
    this.bus.onResume(() => {
      this.changes += 1;
      this.recheckWhere(() => true, true);
    });
  }

  /** Taken before an upgrade resolves its credentials; see `connected`. */
  mark(): number {
    return this.changes;
  }

  /** A connection decided while access changed may have been decided on stale facts. */
  connected(document: SharedDocument, connection: CollabConnection, mark: number): void {
    if (mark === this.changes) return;
    void document.recheck(connection, () => this.decide(document, connection, true));
  }

  private recheckWhere(
    test: (connection: CollabConnection, document: SharedDocument) => boolean,
    withSession = false,
  ): void {
    for (const { document, connection } of this.collab.connectionsWhere(test)) {
      void document.recheck(connection, () => this.decide(document, connection, withSession));
    }
  }

  private async decide(
    document: SharedDocument,
    connection: CollabConnection,
    withSession: boolean,
  ): Promise<void> {
    try {
      if (withSession && !(await this.sessions.isActive(connection.session.id))) {
        connection.close(collabCloseCodes.unauthenticated, 'Du er ikke længere logget ind');
        return;
      }
      const access = await this.hooks.authenticate(document.name, connection.access.principal);
      if (connection.canEdit && !access.canEdit) {
        connection.close(collabCloseCodes.readOnly, 'Du kan ikke længere redigere; læs med');
      } else {
        connection.reauthorised(access);
      }
    } catch (err) {
      if (err instanceof CollabRefusal) {
        connection.close(closeCodeOf[err.status], err.message);
      } else {
        // Unsure is not allowed: the client reconnects and is authorised afresh.
        this.logger.error(`${document.name}: re-checking access failed`, err);
        connection.close(collabCloseCodes.internalError, 'Serverfejl');
      }
    }
  }
}
