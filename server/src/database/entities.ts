import { MagicLink } from '../auth/magic-link.entity';
import { Session } from '../auth/session.entity';
import { Area } from '../forums/area.entity';
import { Forum } from '../forums/forum.entity';
import { OutboxMail } from '../mail/outbox-mail.entity';
import { ContactPerson } from '../members/contact-person.entity';
import { Membership } from '../members/membership.entity';
import { Staff } from '../people/staff.entity';
import { User } from '../people/user.entity';
import { Proposal, ProposalAuthor } from '../proposals/proposal.entity';
import { ProposalSnapshot, ProposalUpdate } from '../proposals/proposal-document.entity';
import { ProposalVersion } from '../proposals/proposal-version.entity';
import { Comment, CommentRevision } from '../debates/comment.entity';
import { Debate, DebateRevision } from '../debates/debate.entity';
import { ModerationAction } from '../moderation/moderation-action.entity';
import { Report } from '../moderation/report.entity';
import { Notification } from '../notifications/notification.entity';
import { ForumEventHead, ForumEventRow } from '../events/forum-event.entity';

export const entities = [
  User,
  Staff,
  Area,
  Forum,
  Membership,
  ContactPerson,
  Session,
  MagicLink,
  OutboxMail,
  Proposal,
  ProposalAuthor,
  ProposalUpdate,
  ProposalSnapshot,
  ProposalVersion,
  ForumEventHead,
  ForumEventRow,
  Debate,
  DebateRevision,
  Comment,
  CommentRevision,
  Report,
  ModerationAction,
  Notification,
];
