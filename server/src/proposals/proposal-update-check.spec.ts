import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IncomingUpdate } from '../collab/incoming-update';
import { newProposalDocument } from './proposal-document';
import { checkProposalUpdate as checkComplete } from './proposal-update-check';

/**
 * What the server does with an update: refuse an incomplete one, else check
 * it. Every test checks both ways — keystrokes recognised as such, and
 * everything decoded in full — and that they agree.
 */
function checkProposalUpdate(server: Y.Doc, bytes: Uint8Array, maxDepth = 16): string | null {
  const verdict = (recognise: boolean) => {
    const update = new IncomingUpdate(server, bytes, recognise);
    if (!update.isComplete()) return 'incomplete';
    return checkComplete(update, { maxDepth });
  };
  const quick = verdict(true);
  expect(quick).toBe(verdict(false));
  return quick;
}

/** The server each test client is synced with. */
const serverOf = new WeakMap<Y.Doc, Y.Doc>();

/** The server's copy of a proposal and a client that has synced it. */
function serverAndClient() {
  const server = new Y.Doc();
  Y.applyUpdate(server, newProposalDocument('Ny legeplads', 'Ved skolen'));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  serverOf.set(client, server);
  return { server, client };
}

/** What the server lacks once the client makes `change` (as sync step 2 would send it). */
function updateOf(client: Y.Doc, change: () => void): Uint8Array {
  change();
  return Y.encodeStateAsUpdate(client, Y.encodeStateVector(serverOf.get(client) ?? new Y.Doc()));
}

/** Exactly the update event of `change`, as a client sends it while connected. */
function deltaOf(client: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const sent = (update: Uint8Array) => updates.push(update);
  client.on('update', sent);
  change();
  client.off('update', sent);
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

function paragraph(text: string, marks?: Record<string, object>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, marks);
  p.insert(0, [t]);
  return p;
}

describe('checkProposalUpdate', () => {
  it('accepts edits of title, summary and a body in the TipTap schema', () => {
    const { server, client } = serverAndClient();
    const update = updateOf(client, () => {
      client.getText('title').insert(0, 'Forslag: ');
      client.getText('summary').delete(0, 3);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraph('punkt')]);
      list.insert(0, [item]);
      const quote = new Y.XmlElement('blockquote');
      quote.insert(0, [paragraph('citat', { italic: {} })]);
      client
        .getXmlFragment('body')
        .insert(0, [
          heading,
          paragraph('fed', { bold: {} }),
          paragraph('link', { link: { href: 'https://holbaek.dk' } }),
          list,
          quote,
        ]);
    });
    expect(checkProposalUpdate(server, update)).toBeNull();
    Y.applyUpdate(server, update);

    // Typing later refers to neighbours already in the server's document.
    const typing = updateOf(client, () => {
      const text = (client.getXmlFragment('body').get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(3, ' og mere');
      text.format(0, 2, { italic: {} });
      client.getText('title').insert(3, 'x');
    });
    expect(checkProposalUpdate(server, typing)).toBeNull();
    // Whole-state sync (step 2) and deletions are fine too.
    expect(checkProposalUpdate(server, Y.encodeStateAsUpdate(client))).toBeNull();
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getXmlFragment('body').delete(0, 2)),
      ),
    ).toBeNull();
  });

  it('refuses other top-level types', () => {
    const { server, client } = serverAndClient();
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getText('comments').insert(0, 'x')),
      ),
    ).toMatch(/øverste niveau "comments"/);
    const second = serverAndClient();
    expect(
      checkProposalUpdate(
        second.server,
        updateOf(second.client, () => second.client.getMap('settings').set('a', 1)),
      ),
    ).toMatch(/øverste niveau "settings"/);
  });

  it('refuses unknown nodes and marks wherever they go', () => {
    const { server, client } = serverAndClient();
    const body = client.getXmlFragment('body');
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => body.insert(0, [new Y.XmlElement('script')])),
      ),
    ).toMatch(/ukendt elementtype "script"/);

    /** A fresh server and client that both have a paragraph. */
    const withParagraph = () => {
      const pair = serverAndClient();
      const p = paragraph('tekst');
      Y.applyUpdate(
        pair.server,
        updateOf(pair.client, () => pair.client.getXmlFragment('body').insert(0, [p])),
      );
      return { ...pair, p, text: p.get(0) as Y.XmlText };
    };
    const a = withParagraph();
    expect(
      checkProposalUpdate(
        a.server,
        updateOf(a.client, () => a.text.format(0, 3, { underline: {} })),
      ),
    ).toMatch(/ukendt formatering "underline"/);
    const b = withParagraph();
    expect(
      checkProposalUpdate(
        b.server,
        updateOf(b.client, () => b.p.insert(1, [new Y.XmlElement('image')])),
      ),
    ).toMatch(/ukendt elementtype "image"/);
    const c = withParagraph();
    expect(
      checkProposalUpdate(
        c.server,
        updateOf(c.client, () => c.text.insertEmbed(0, { src: 'x' })),
      ),
    ).toMatch(/indlejrede/);
  });

  it('keeps the title and summary plain text', () => {
    const { server, client } = serverAndClient();
    // Formatting placed inside the existing title: its parent is known only through the server's copy.
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getText('title').format(0, 3, { bold: {} })),
      ),
    ).toMatch(/"title" er ren tekst/);
    const other = serverAndClient();
    expect(
      checkProposalUpdate(
        other.server,
        updateOf(other.client, () => other.client.getText('summary').insertEmbed(1, { x: 1 })),
      ),
    ).toMatch(/indlejrede/);
    expect(checkProposalUpdate(new Y.Doc(), updateOfFragmentAsTitle())).toMatch(
      /"title" er ren tekst/,
    );
  });

  it('throws on bytes that are not an update', () => {
    const { server } = serverAndClient();
    expect(() => checkProposalUpdate(server, new Uint8Array([1, 2, 200, 255, 255, 255]))).toThrow();
    const valid = updateOf(new Y.Doc(), () => undefined);
    expect(() => checkProposalUpdate(server, valid.subarray(0, valid.length - 1))).toThrow();
  });
});

/** Quotes `levels` deep, the innermost holding a paragraph, inserted top-down as an editor would. */
function nest(doc: Y.Doc, levels: number, innermost = 'paragraph'): Y.XmlElement {
  let parent: Y.XmlFragment = doc.getXmlFragment('body');
  doc.transact(() => {
    for (let i = 0; i < levels; i++) {
      const quote = new Y.XmlElement(i === levels - 1 ? innermost : 'blockquote');
      parent.insert(parent.length, [quote]);
      parent = quote;
    }
  });
  return parent as Y.XmlElement;
}

describe('nesting depth', () => {
  it('takes lists in quotes up to the cap and refuses one level more', () => {
    const { server, client } = serverAndClient();
    const listInQuote = updateOf(client, () => {
      const quote = new Y.XmlElement('blockquote');
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      client.getXmlFragment('body').insert(0, [quote]);
      quote.insert(0, [list]);
      list.insert(0, [item]);
      item.insert(0, [paragraph('punkt i citat')]);
    });
    expect(checkProposalUpdate(server, listInQuote)).toBeNull();
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => nest(client, 16)),
      ),
    ).toBeNull();
    const { server: s2, client: c2 } = serverAndClient();
    expect(
      checkProposalUpdate(
        s2,
        updateOf(c2, () => nest(c2, 17)),
      ),
    ).toMatch(/højst ligge 16/);
  });

  it('counts the levels the document already has', () => {
    const { server, client } = serverAndClient();
    let deepest!: Y.XmlElement;
    const first = updateOf(client, () => (deepest = nest(client, 16, 'blockquote')));
    Y.applyUpdate(server, first);
    const deeper = updateOf(client, () => deepest.insert(0, [paragraph('for dybt')]));
    expect(checkProposalUpdate(server, deeper)).toMatch(/højst ligge 16/);
    expect(checkProposalUpdate(server, deeper, 17)).toBeNull();
  });

  it('refuses 8,000 nested quotes quickly', () => {
    const { server, client } = serverAndClient();
    const update = updateOf(client, () => nest(client, 8000, 'blockquote'));
    const started = performance.now();
    expect(checkProposalUpdate(server, update)).toMatch(/højst ligge 16/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('attributes', () => {
  function withElement(make: () => Y.XmlElement) {
    const { server, client } = serverAndClient();
    return checkProposalUpdate(
      server,
      updateOf(client, () => client.getXmlFragment('body').insert(0, [make()])),
    );
  }
  const element = (name: string, attrs: Record<string, unknown>) => () => {
    const node = new Y.XmlElement(name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
    return node;
  };

  it('takes the attributes the editor writes', () => {
    expect(withElement(element('heading', { level: 3 }))).toBeNull();
    expect(withElement(element('orderedList', { start: 4 }))).toBeNull();
  });

  it('refuses other attributes and values of the wrong type', () => {
    expect(withElement(element('paragraph', { onclick: 'alert(1)' }))).toMatch(/ingen egenskab/);
    expect(withElement(element('heading', { level: 9 }))).toMatch(/ugyldig værdi for "level"/);
    expect(withElement(element('orderedList', { start: '1' }))).toMatch(/ugyldig værdi/);
    let deep: unknown = [];
    for (let i = 0; i < 3000; i++) deep = [deep];
    expect(withElement(element('paragraph', { data: deep }))).toMatch(/ingen egenskab/);
  });

  it('refuses attributes added to an element the document has', () => {
    const { server, client } = serverAndClient();
    const p = paragraph('tekst');
    Y.applyUpdate(
      server,
      updateOf(client, () => client.getXmlFragment('body').insert(0, [p])),
    );
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => p.setAttribute('onclick', 'alert(1)')),
      ),
    ).toMatch(/"paragraph" har ingen egenskab "onclick"/);
  });
});

describe('links', () => {
  const link = (href: string) => ({
    link: { href, target: null, rel: 'noopener noreferrer nofollow', class: null, title: null },
  });
  it('take web and mail addresses only', () => {
    for (const [href, ok] of [
      ['https://holbaek.dk', true],
      ['mailto:borger@holbaek.dk', true],
      ['javascript:alert(document.cookie)', false],
      ['data:text/html;base64,PHNjcmlwdD4=', false],
    ] as const) {
      const { server, client } = serverAndClient();
      const update = updateOf(client, () =>
        client.getXmlFragment('body').insert(0, [paragraph('klik', link(href))]),
      );
      if (ok) expect(checkProposalUpdate(server, update), href).toBeNull();
      else expect(checkProposalUpdate(server, update), href).toMatch(/mailto/);
    }
  });

  it('refuses extra attributes on a link', () => {
    const { server, client } = serverAndClient();
    const update = updateOf(client, () =>
      client
        .getXmlFragment('body')
        .insert(0, [paragraph('klik', { link: { href: 'https://a.dk', onclick: 'x' } })]),
    );
    expect(checkProposalUpdate(server, update)).toMatch(/ingen egenskab "onclick"/);
  });
});

describe('text', () => {
  it('keeps the title within 200 characters and the summary within 2,000', () => {
    const cases: [string, number, RegExp | null][] = [
      ['title', 200, null],
      ['title', 201, /Titlen må højst være 200 tegn/],
      ['title', 300_000, /Titlen må højst være 200 tegn/],
      ['summary', 2000, null],
      ['summary', 2001, /Resuméet må højst være 2000 tegn/],
    ];
    for (const [name, length, refusal] of cases) {
      const { server, client } = serverAndClient();
      const text = client.getText(name);
      const update = updateOf(client, () => text.insert(0, 'x'.repeat(length - text.length)));
      if (refusal)
        expect(checkProposalUpdate(server, update), `${name} ${length}`).toMatch(refusal);
      else expect(checkProposalUpdate(server, update), `${name} ${length}`).toBeNull();
    }
  });

  it('counts what the same update deletes, so a full title can be replaced', () => {
    const { server, client } = serverAndClient();
    const title = client.getText('title');
    Y.applyUpdate(
      server,
      updateOf(client, () => title.insert(title.length, 'x'.repeat(200 - title.length))),
    );
    const replace = updateOf(client, () => {
      title.delete(0, title.length);
      title.insert(0, 'y'.repeat(200));
    });
    expect(checkProposalUpdate(server, replace)).toBeNull();
    const typedAndDeleted = updateOf(client, () => {
      title.insert(0, 'zz');
      title.delete(0, 2);
    });
    expect(checkProposalUpdate(server, typedAndDeleted)).toBeNull();
  });

  it('refuses NUL and other control characters; lone surrogates arrive replaced', () => {
    for (const [target, text] of [
      ['body', 'før\u0000efter'],
      ['body', 'escape \u001b[31m'],
      ['title', 'to\nlinjer'],
      ['summary', 'klokke \u0007'],
    ] as const) {
      const { server, client } = serverAndClient();
      const update = updateOf(client, () => {
        if (target === 'body') client.getXmlFragment('body').insert(0, [paragraph(text)]);
        else client.getText(target).insert(0, text);
      });
      expect(checkProposalUpdate(server, update), `${target}: ${JSON.stringify(text)}`).toMatch(
        /tegn/,
      );
    }
    // Yjs encodes strings as UTF-8, which has no lone surrogates: U+FFFD arrives instead.
    const half = serverAndClient();
    const surrogate = updateOf(half.client, () => half.client.getText('title').insert(0, '\ud800'));
    expect(checkProposalUpdate(half.server, surrogate)).toBeNull();
    Y.applyUpdate(half.server, surrogate);
    expect(half.server.getText('title').toJSON()).toMatch(/^\ufffd/);
    const { server, client } = serverAndClient();
    const fine = updateOf(client, () => {
      client.getText('summary').insert(0, 'to\nlinjer\tog tab, 😀');
      client.getXmlFragment('body').insert(0, [paragraph('æøå 😀')]);
    });
    expect(checkProposalUpdate(server, fine)).toBeNull();
  });
});

describe('updates that depend on what the server lacks', () => {
  it('refuses the split update: raw content placed next to a node from a later update', () => {
    const { server, client } = serverAndClient();
    const body = client.getXmlFragment('body');
    const nodeA = deltaOf(client, () => body.insert(0, [paragraph('lovlig')]));
    const rawB = deltaOf(client, () => body.insert(1, ['rå tekst' as unknown as Y.XmlText]));
    // Alone, B cannot be placed: it must not pass as "parent unknown".
    expect(checkProposalUpdate(server, rawB)).toBe('incomplete');
    expect(checkProposalUpdate(server, nodeA)).toBeNull();
    // Held and checked with A once A arrives: refused as a whole.
    expect(checkProposalUpdate(server, Y.mergeUpdates([rawB, nodeA]))).toMatch(
      /"body" indeholder kun elementer/,
    );
  });

  it('finds every kind of missing dependency', () => {
    const { server, client } = serverAndClient();
    const body = client.getXmlFragment('body');
    const p = paragraph('a');
    const first = deltaOf(client, () => body.insert(0, [p]));
    const text = p.get(0) as Y.XmlText;
    const typed = deltaOf(client, () => text.insert(1, 'b'));
    const deleted = deltaOf(client, () => body.delete(0, 1));
    expect(checkProposalUpdate(server, typed)).toBe('incomplete');
    expect(checkProposalUpdate(server, deleted)).toBe('incomplete');
    // A gap in the client's own clocks (the first update is missing).
    expect(checkProposalUpdate(server, Y.mergeUpdates([typed, deleted]))).toBe('incomplete');
    expect(checkProposalUpdate(server, Y.mergeUpdates([first, typed, deleted]))).toBeNull();
  });

  it('takes sync step 2 from a client that edited offline while others edited the server', () => {
    const { server, client } = serverAndClient();
    addTo(client, 'offline 1');
    addTo(client, 'offline 2');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    addTo(other, 'imens');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other));
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(checkProposalUpdate(server, step2)).toBeNull();
    // Typing after the offline edits, sent before step 2 reaches the server: held, not refused.
    const later = deltaOf(client, () => addTo(client, 'efter'));
    expect(checkProposalUpdate(server, later)).toBe('incomplete');
    expect(checkProposalUpdate(server, Y.mergeUpdates([later, step2]))).toBeNull();
  });
});

function addTo(doc: Y.Doc, text: string): void {
  const body = doc.getXmlFragment('body');
  body.insert(body.length, [paragraph(text)]);
}

/** A client that thinks `title` is an XML fragment. */
function updateOfFragmentAsTitle(): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('title').insert(0, [paragraph('x')]);
  return Y.encodeStateAsUpdate(doc);
}

describe('keystrokes', () => {
  /** A client's paragraph of the body, and the paragraph's text. */
  function withParagraph() {
    const { server, client } = serverAndClient();
    const apply = (bytes: Uint8Array) => Y.applyUpdate(server, bytes);
    apply(deltaOf(client, () => client.getXmlFragment('body').push([paragraph('Lys')])));
    const text = (client.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    return { server, client, text, apply };
  }

  it('are recognised without the general decoder and checked like any other update', () => {
    const { server, client, text, apply } = withParagraph();
    const typed = deltaOf(client, () => text.insert(3, ' ved'));
    expect(new IncomingUpdate(server, typed).newTypedText()).toMatchObject({ text: ' ved' });
    expect(checkProposalUpdate(server, typed)).toBeNull();
    apply(typed);
    // In the middle: a neighbour on each side.
    const middle = deltaOf(client, () => text.insert(1, 'y'));
    expect(new IncomingUpdate(server, middle).newTypedText()?.rightOrigin).not.toBeNull();
    expect(checkProposalUpdate(server, middle)).toBeNull();
    apply(middle);
    const control = deltaOf(client, () => text.insert(2, 'a\u0007'));
    expect(checkProposalUpdate(server, control)).toMatch(/kontroltegn/);
  });

  it('carry their characters exactly, whichever way they are read', () => {
    const { server, client, text, apply } = withParagraph();
    const samples = [
      'a',
      '~',
      ' ',
      'æ',
      '€',
      '😀',
      '\u007f',
      '\u0001',
      'x'.repeat(32),
      'y'.repeat(33),
    ];
    for (const sample of samples) {
      const typed = deltaOf(client, () => text.insert(text.length, sample));
      expect(new IncomingUpdate(server, typed).newTypedText()?.text, JSON.stringify(sample)).toBe(
        sample,
      );
      apply(typed);
    }
  });

  it('cannot type the title past its limit, though a keystroke there has the same shape', () => {
    const { server, client } = serverAndClient();
    const title = client.getText('title');
    const fill = deltaOf(client, () => title.insert(title.length, 'x'.repeat(200 - title.length)));
    expect(checkProposalUpdate(server, fill)).toBeNull();
    Y.applyUpdate(server, fill);
    const one = deltaOf(client, () => title.insert(200, 'y'));
    expect(new IncomingUpdate(server, one).newTypedText()).not.toBeNull();
    expect(checkProposalUpdate(server, one)).toMatch(/200 tegn/);
  });

  it('wait, like any update, for a neighbour the server does not have yet', () => {
    const { server, client, text } = withParagraph();
    deltaOf(client, () => text.insert(3, 'a'));
    const next = deltaOf(client, () => text.insert(4, 'b'));
    expect(new IncomingUpdate(server, next).newTypedText()).toBeNull();
    expect(checkProposalUpdate(server, next)).toBe('incomplete');
  });

  it('get the same verdict both ways over a long random session', () => {
    const { server, client, text: first } = withParagraph();
    const body = client.getXmlFragment('body');
    let seed = 8;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const texts = [first];
    const alphabet = [
      'a',
      'æ',
      ' ',
      '\n',
      '\u0000',
      '\u202e',
      '😀',
      '\ud83d',
      'xyz',
      '~',
      '\u007f',
    ];
    let recognised = 0;
    for (let step = 0; step < 600; step++) {
      const text = texts[random(texts.length)]!;
      const target = random(4) === 0 ? client.getText(random(2) ? 'title' : 'summary') : text;
      const at = random(target.length + 1);
      const update = deltaOf(client, () => {
        switch (random(6)) {
          case 0:
            if (target.length > at) target.delete(at, 1);
            break;
          case 1:
            target.insert(at, 'b', { bold: true });
            break;
          case 2: {
            const p = paragraph('ny');
            body.insert(random(body.length + 1), [p]);
            texts.push(p.get(0) as Y.XmlText);
            break;
          }
          default:
            target.insert(at, alphabet[random(alphabet.length)]!);
        }
      });
      if (new IncomingUpdate(server, update).newTypedText()) recognised++;
      // Applied whatever the verdict, so the session goes on from every kind of state.
      checkProposalUpdate(server, update);
      Y.applyUpdate(server, update);
    }
    expect(recognised).toBeGreaterThan(200);
  });
});
