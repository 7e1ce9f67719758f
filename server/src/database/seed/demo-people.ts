import type { MemberKind, StaffKind } from '@lokalforum/protocol';

/**
 * Fictional people for demo mode. Every name is made up (the surnames say so)
 * and every address is on the reserved example.org domain.
 */
export interface DemoPerson {
  email: string;
  name: string;
  administrator?: boolean;
  staff?: {
    kind: StaffKind;
    field: string;
    areas: string[];
    /** What they publish in the directory (demo numbers are not real ones). */
    published?: { phone: string; email: string; helpWith: string };
  };
  memberships?: {
    forum: string;
    kind: MemberKind;
    represents?: string;
    contactPerson?: boolean;
    /** Listed in the partner directory, with this person as contact. */
    partner?: { topics: string[]; description: string };
  }[];
}

export const demoPeople: DemoPerson[] = [
  {
    email: 'karen.faelles@example.org',
    name: 'Karen Fællesen (demo)',
    staff: { kind: 'coCreator', field: 'Kultur og fritid', areas: ['holbaek', 'tuse'] },
  },
  {
    email: 'mads.faelles@example.org',
    name: 'Mads Skabersen (demo)',
    staff: {
      kind: 'coCreator',
      field: 'Natur og miljø',
      areas: ['jyderup', 'knabstrup', 'moerkoev'],
      published: {
        phone: '+45 00 00 00 01',
        email: 'mads.faelles@example.org',
        helpWith:
          'Ideer til stier, naturpleje og grønne fællesarealer; ansøgninger til puljer; at finde de rette folk i kommunen.',
      },
    },
  },
  {
    email: 'sofie.faelles@example.org',
    name: 'Sofie Samskab (demo)',
    staff: {
      kind: 'coCreator',
      field: 'Trafik og veje',
      areas: ['tolloese', 'ugerloese', 'st-merloese'],
    },
  },
  {
    email: 'jonas.faelles@example.org',
    name: 'Jonas Lokalsen (demo)',
    staff: {
      kind: 'coCreator',
      field: 'Børn og unge',
      areas: ['svinninge', 'gislinge', 'hagested'],
    },
  },
  {
    email: 'ida.faelles@example.org',
    name: 'Ida Områdesen (demo)',
    staff: { kind: 'coCreator', field: 'Ældre og sundhed', areas: ['vipperoed', 'undloese'] },
  },
  {
    email: 'peter.faelles@example.org',
    name: 'Peter Dialogsen (demo)',
    staff: {
      kind: 'coCreator',
      field: 'Plan og byudvikling',
      areas: ['regstrup', 'kundby', 'stestrup'],
    },
  },
  {
    email: 'lise.faelles@example.org',
    name: 'Lise Øsen (demo)',
    staff: { kind: 'coCreator', field: 'Erhverv og turisme', areas: ['oroe', 'tuse-naes'] },
  },
  {
    email: 'henrik.proces@example.org',
    name: 'Henrik Procesen (demo)',
    staff: {
      kind: 'processConsultant',
      field: 'Proces og borgerinddragelse',
      areas: [],
      published: {
        phone: '+45 00 00 00 02',
        email: 'henrik.proces@example.org',
        helpWith:
          'Ideer, der går på tværs af lokalområder; at planlægge et borgermøde; at komme fra idé til handling.',
      },
    },
  },
  {
    email: 'admin@example.org',
    name: 'Administrator Adminsen (demo)',
    administrator: true,
  },
  {
    email: 'anne.borger@example.org',
    name: 'Anne Borgersen (demo)',
    memberships: [
      { forum: 'jyderup', kind: 'citizen', contactPerson: true },
      { forum: 'knabstrup', kind: 'citizen' },
    ],
  },
  {
    email: 'bent.forening@example.org',
    name: 'Bent Foreningsen (demo)',
    memberships: [
      {
        forum: 'jyderup',
        kind: 'association',
        represents: 'Jyderup Idrætsforening (fiktiv)',
        partner: {
          topics: ['idræt', 'børn og unge', 'frivillige'],
          description:
            'Fodbold, håndbold og gymnastik for alle aldre. Vi hjælper gerne med stævner.',
        },
      },
    ],
  },
  {
    email: 'camilla.bylaug@example.org',
    name: 'Camilla Bylaugsen (demo)',
    memberships: [
      {
        forum: 'oroe',
        kind: 'townGuild',
        represents: 'Orø Bylaug (fiktivt)',
        contactPerson: true,
        partner: {
          topics: ['arrangementer', 'havn', 'natur'],
          description: 'Bylauget står for sankthans, havnefesten og arbejdsdage på øen.',
        },
      },
    ],
  },
  {
    email: 'david.virksomhed@example.org',
    name: 'David Handelsen (demo)',
    memberships: [
      {
        forum: 'tolloese',
        kind: 'business',
        represents: 'Tølløse Cykler (fiktiv)',
        partner: {
          topics: ['cykling', 'trafik'],
          description:
            'Cykelværksted, der gerne sponsorerer og reparerer til lokale arrangementer.',
        },
      },
      { forum: 'holbaek', kind: 'citizen' },
    ],
  },
  {
    email: 'eva.institution@example.org',
    name: 'Eva Skolesen (demo)',
    memberships: [
      {
        forum: 'svinninge',
        kind: 'institutionLeader',
        represents: 'Svinninge Børnehus (fiktivt)',
        contactPerson: true,
      },
    ],
  },
  {
    email: 'frederik.borger@example.org',
    name: 'Frederik Nysen (demo)',
  },
];
