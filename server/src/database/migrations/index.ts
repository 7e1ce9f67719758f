import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Proposals1764100000000 } from './1764100000000-Proposals';
import { Debates1764200000000 } from './1764200000000-Debates';
import { ProposalVotingStatus1764350000000 } from './1764350000000-ProposalVotingStatus';
import { Decisions1764400000000 } from './1764400000000-Decisions';
import { VoteEligibleAtClose1764410000000 } from './1764410000000-VoteEligibleAtClose';
import { Notifications1764500000000 } from './1764500000000-Notifications';
import { Search1764600000000 } from './1764600000000-Search';
import { RequestsAndPartners1764650000000 } from './1764650000000-RequestsAndPartners';
import { GrantLedger1764700000000 } from './1764700000000-GrantLedger';
import { Pools1764800000000 } from './1764800000000-Pools';
import { GrantRefusedNotification1764900000000 } from './1764900000000-GrantRefusedNotification';

/** Every migration, oldest first. New ones are appended here. */
export const migrations = [
  Foundation1764000000000,
  Proposals1764100000000,
  Debates1764200000000,
  ProposalVotingStatus1764350000000,
  Decisions1764400000000,
  VoteEligibleAtClose1764410000000,
  Notifications1764500000000,
  Search1764600000000,
  RequestsAndPartners1764650000000,
  GrantLedger1764700000000,
  Pools1764800000000,
  GrantRefusedNotification1764900000000,
];
