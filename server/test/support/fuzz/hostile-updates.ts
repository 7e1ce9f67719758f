import { proposalDocumentLayout } from '@lokalforum/protocol';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { deepValue, friendlyText, hostileJson, hostileString, yjsValue } from './hostile-values';
import {
  appendBlock,
  capture,
  captureEach,
  type LabelledUpdate,
  paragraph,
  type ProposalModel,
} from './proposal-model';
import type { Random } from './random';

const { title: TITLE, summary: SUMMARY, body: BODY } = proposalDocumentLayout;

/** Updates sent in this order, as one hostile move. */
export interface HostileMove {
  kind: string;
  updates: Uint8Array[];
}

/**
 * Well-encoded Yjs updates with content the layout rules must refuse — or
 * that earlier servers choked on: deep nesting, huge or control-character
 * text, attributes of the wrong type, unknown types, embeds, sub-documents,
 * updates whose dependencies come later or never, and deep trees that are
 * deleted again. Built on a scratch copy of the model.
 */
export function hostileMove(random: Random, model: ProposalModel): HostileMove {
  const doc = model.scratch();
  try {
    const move = random.weighted<[string, () => Uint8Array[]]>([
      [4, ['deep-nesting', () => [capture(doc, (d) => nest(d, nestingDepth(random), random))]]],
      [3, ['huge-text', () => [capture(doc, (d) => hugeText(random, d))]]],
      [3, ['control-characters', () => [capture(doc, (d) => controlText(random, model, d))]]],
      [3, ['bad-attributes', () => [capture(doc, (d) => badAttributes(random, model, d))]]],
      [2, ['bad-marks', () => [capture(doc, (d) => badMarks(random, model, d))]]],
      [2, ['unknown-node', () => [capture(doc, (d) => appendBlock(d, unknownNode(random)))]]],
      [2, ['unknown-root', () => [capture(doc, (d) => unknownRoot(random, d))]]],
      [3, ['wrong-content', () => [capture(doc, (d) => wrongContent(random, model, d))]]],
      // Valid bulk: rare, so the documents stay far from the size cap.
      [0.3, ['wide', () => [capture(doc, (d) => wide(random, d))]]],
      [4, ['split-dependency', () => splitDependency(random, doc)]],
      [2, ['deleted-deep-tree', () => deletedDeepTree(random, doc)]],
    ]);
    return { kind: `hostile:${move[0]}`, updates: move[1]() };
  } finally {
    doc.destroy();
  }
}

/** Mostly past any sane limit; 8,000 blockquotes crashed the render of issue 8. */
function nestingDepth(random: Random): number {
  return random.weighted([
    [3, random.int(15, 40)],
    [3, random.int(100, 1_000)],
    [2, random.int(1_500, 3_000)],
    [1, random.int(7_000, 9_000)],
  ]);
}

/** `depth` nested nodes at the end of the body, built top-down without recursion. */
function nest(doc: Y.Doc, depth: number, random: Random): void {
  const names = random.pick([
    ['blockquote'],
    ['bulletList', 'listItem'],
    ['blockquote', 'orderedList', 'listItem'],
  ]);
  const outer = new Y.XmlElement(names[0]);
  appendBlock(doc, outer);
  let current = outer;
  for (let i = 1; i < depth; i++) {
    const inner = new Y.XmlElement(names[i % names.length]);
    current.insert(0, [inner]);
    current = inner;
  }
  current.insert(0, [paragraph(friendlyText(random))]);
}

/**
 * Titles and summaries past their limits (a 300,000-character title was stored
 * once). Body text has no limit of its own but the document's size: kept
 * well under it, so the bystanders can still write when the run is over.
 */
function hugeText(random: Random, doc: Y.Doc): void {
  const where = random.weighted([
    [2, TITLE],
    [2, SUMMARY],
    [1, BODY],
  ]);
  if (where === BODY) {
    appendBlock(doc, paragraph('x'.repeat(random.pick([2_001, 8_000]))));
    return;
  }
  doc.getText(where).insert(0, 'x'.repeat(random.pick([201, 2_001, 20_000, 300_000])));
}

function controlText(random: Random, model: ProposalModel, doc: Y.Doc): void {
  const text = `${friendlyText(random, 1)}${hostileString(random)}`;
  const texts = model.texts(doc);
  const where = random.int(0, 2);
  if (where === 0) doc.getText(random.pick([TITLE, SUMMARY])).insert(0, text);
  else if (where === 1 && texts.length > 0) random.pick(texts).insert(0, text);
  else appendBlock(doc, paragraph(text));
}

function badAttributes(random: Random, model: ProposalModel, doc: Y.Doc): void {
  const element = new Y.XmlElement(random.pick(['paragraph', 'heading', 'orderedList']));
  element.insert(0, [new Y.XmlText(friendlyText(random))]);
  appendBlock(doc, element);
  const value = random.weighted<unknown>([
    [2, yjsValue(hostileJson(random))],
    [1, deepValue(random.pick([100, 3_000]))],
    [1, random.pick(['javascript:alert(1)', 'alert(1)', 999, -1, 'x', null])],
  ]);
  const name = random.pick(['level', 'onclick', 'style', 'href', 'start', hostileString(random)]);
  element.setAttribute(name, value as string);
  // An attribute on a node the model already had, too.
  const texts = model.texts(doc);
  const parent = texts.length > 0 ? random.pick(texts).parent : null;
  if (parent instanceof Y.XmlElement && random.chance(0.5)) parent.setAttribute(name, value);
}

function badMarks(random: Random, model: ProposalModel, doc: Y.Doc): void {
  const texts = model.texts(doc).filter((t) => t.length > 0);
  const text = texts.length > 0 ? random.pick(texts) : new Y.XmlText('tekst');
  if (!text.parent) appendBlock(doc, wrap(text));
  const mark = random.pick<Record<string, unknown>>([
    { link: { href: random.pick(['javascript:alert(1)', 'data:text/html,x', 'vbscript:x']) } },
    { link: { href: hostileJson(random), onclick: 'x' } },
    { script: {} },
    { [`bold--${'x'.repeat(random.int(1, 5_000))}`]: {} },
    { [hostileString(random)]: hostileJson(random) },
    { bold: deepValue(1_000) },
  ]);
  text.format(0, Math.max(1, text.length), mark);
}

function wrap(text: Y.XmlText): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [text]);
  return element;
}

function unknownNode(random: Random): Y.XmlElement {
  const name = random.pick(['script', 'image', 'iframe', '', 'Paragraph', hostileString(random)]);
  const element = new Y.XmlElement(name || 'x'.repeat(random.int(0, 10_000)));
  element.insert(0, [new Y.XmlText(friendlyText(random))]);
  return element;
}

function unknownRoot(random: Random, doc: Y.Doc): void {
  const name = random.pick(['evil', '', 'Title', '__proto__', hostileString(random)]);
  random.pick([
    () => doc.getMap(name).set('x', yjsValue(hostileJson(random)) as string),
    () => doc.getText(`${name}-text`).insert(0, friendlyText(random)),
    () => doc.getArray(`${name}-array`).insert(0, [yjsValue(hostileJson(random))]),
    () => doc.getXmlFragment(`${name}-xml`).insert(0, [paragraph('x')]),
  ])();
}

/** Content of the wrong kind where the layout has another. */
function wrongContent(random: Random, model: ProposalModel, doc: Y.Doc): void {
  const body = doc.getXmlFragment(BODY);
  const texts = model.texts(doc);
  random.pick([
    // Plain values straight into the body (Yjs takes any content; the types say otherwise).
    () => body.insert(0, ['rå tekst' as never]),
    () => body.insert(0, [new Y.Map() as never]),
    () => body.insert(0, [new Y.Array() as never]),
    () => body.insert(0, [new Uint8Array(64) as never]),
    () => body.insert(0, [new Y.Doc() as never]),
    () => appendBlock(doc, hook()),
    // Formatting and embeds in the plain-text title.
    () => doc.getText(TITLE).format(0, 1, { bold: true }),
    () => doc.getText(TITLE).insertEmbed(0, { image: 'x' }),
    // An embed inside body text.
    () => (texts.length > 0 ? random.pick(texts) : new Y.XmlText()).insertEmbed(0, { img: 1 }),
    // Text straight in the body, not in a node.
    () => doc.getXmlFragment(BODY).insert(0, [new Y.XmlText(friendlyText(random))]),
  ])();
}

function hook(): Y.XmlElement {
  return new Y.XmlHook('hook') as unknown as Y.XmlElement;
}

/** Thousands of siblings: well within any depth rule, and under the size cap. */
function wide(random: Random, doc: Y.Doc): void {
  const count = random.pick([500, 2_000]);
  const body = doc.getXmlFragment(BODY);
  const blocks: Y.XmlElement[] = [];
  for (let i = 0; i < count; i++) blocks.push(paragraph('x'));
  body.insert(body.length, blocks);
}

/**
 * Two transactions where the second builds on the first; the second is sent
 * first (or alone), so its items' neighbours are not known when it arrives.
 * This is how raw characters got into `body` past the check of issue 8.
 */
function splitDependency(random: Random, doc: Y.Doc): Uint8Array[] {
  const [first, second] = captureEach(doc, [
    (d) => appendBlock(d, paragraph(friendlyText(random))),
    (d) => {
      const body = d.getXmlFragment(BODY);
      const anchor = body.get(body.length - 1);
      random.pick([
        () => body.insert(body.length, ['rå tekst' as never]),
        () => body.insert(body.length, [unknownNode(random)]),
        () => (anchor instanceof Y.XmlElement ? anchor.insert(0, [unknownNode(random)]) : null),
        () => {
          const text = anchor instanceof Y.XmlElement ? anchor.get(0) : null;
          if (text instanceof Y.XmlText) text.insert(text.length, `\u0000${'y'.repeat(300)}`);
        },
      ])();
    },
  ]) as [Uint8Array, Uint8Array];
  return random.chance(0.8) ? [second, first] : [second];
}

/** A deep tree, then its deletion: a deleted deep tree once made a document unloadable. */
function deletedDeepTree(random: Random, doc: Y.Doc): Uint8Array[] {
  return captureEach(doc, [
    (d) => {
      if (random.chance(0.5)) nest(d, random.int(200, 3_000), random);
      else {
        const element = paragraph('dyb');
        appendBlock(d, element);
        element.setAttribute('data', deepValue(3_000) as string);
      }
    },
    (d) => {
      const body = d.getXmlFragment(BODY);
      body.delete(body.length - 1, 1);
    },
  ]);
}

/** Updates written by hand: lengths and clocks no editor would produce. */
export function craftedUpdate(random: Random): LabelledUpdate {
  const e = encoding.createEncoder();
  const kind = random.int(0, 4);
  const client = random.clientId();
  const huge = random.pick([2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, 1e9]);
  if (kind === 3) {
    encoding.writeVarUint(e, 0);
  } else {
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, random.chance(0.5) ? 0 : huge);
    if (kind === 0) {
      encoding.writeUint8(e, 0); // GC
      encoding.writeVarUint(e, huge);
    } else if (kind === 1) {
      encoding.writeUint8(e, 10); // Skip
      encoding.writeVarUint(e, huge);
    } else if (kind === 2) {
      encoding.writeUint8(e, 1); // item, ContentDeleted, parent named
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, random.pick([TITLE, BODY, 'evil']));
      encoding.writeVarUint(e, huge);
    } else {
      encoding.writeUint8(e, 4); // item, ContentString
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, TITLE);
      encoding.writeVarString(e, friendlyText(random));
    }
  }
  // The delete set: many or huge ranges.
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, random.chance(0.5) ? client : random.clientId());
  const ranges = random.pick([1, 100, 5_000]);
  encoding.writeVarUint(e, ranges);
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(e, random.chance(0.5) ? i * 2 : random.int(0, huge));
    encoding.writeVarUint(e, random.chance(0.5) ? 1 : huge);
  }
  const name = ['gc', 'skip', 'deleted', 'empty', 'string'][kind]!;
  return { kind: `crafted:${name}`, update: encoding.toUint8Array(e) };
}
