// Named imports: `import * as` compiles to getters that every call in this hot path would go through.
import {
  type Decoder,
  createDecoder,
  hasContent,
  readUint8,
  readVarString,
  readVarUint,
} from 'lib0/decoding';
import {
  ContentDeleted,
  Doc,
  GC,
  ID,
  Item,
  Skip,
  createID,
  decodeUpdate,
  getItem,
  getState,
} from 'yjs';

export type Struct = Item | GC | Skip;
type DeleteSet = ReturnType<typeof decodeUpdate>['ds'];

/** The bytes are not an update Yjs could apply as they are. */
export class MalformedUpdate extends Error {}

type Resolution = 'complete' | 'incomplete' | 'visiting';

interface Decoded {
  structs: Struct[];
  deleteSet: DeleteSet;
  byClient: Map<number, Struct[]>;
}

/** One client's run of characters as one Yjs item, placed after `origin` (and before `rightOrigin`). */
export interface TypedText {
  client: number;
  clock: number;
  origin: ID;
  rightOrigin: ID | null;
  text: string;
}

/**
 * A client's update, decoded once before it is applied, with what the checks
 * need to know about it against the document it is meant for: which of its
 * structs the document lacks, where to find an id, and whether Yjs could
 * integrate all of it now.
 *
 * That last one matters because Yjs keeps the items of an update that depend
 * on items it does not have ("pending") and slots them in later, when another
 * update brings what was missing — without anyone checking them then. So an
 * update is complete only when every id it refers to (neighbours, parent,
 * deletions) is in the document or in an item of the same update that is
 * itself complete.
 *
 * A keystroke is read without Yjs' general decoder (`readTypedText`): it is
 * most of what editors send, and checking it is then a few lookups.
 */
export class IncomingUpdate {
  /** Set when the update is one typed run of characters (see `readTypedText`). */
  private readonly typed: TypedText | null;
  /** `newTypedText`'s answer, once asked (the document does not change while an update is judged). */
  private newTyped: TypedText | null | undefined;
  private decoded: Decoded | null = null;
  /** Made when first needed: a keystroke never needs it. */
  private resolvedStructs: Map<Struct, Resolution> | null = null;

  /**
   * `recognise: false` always decodes in full: the tests compare both ways;
   * typed text already read from `bytes` is taken as it is. Throws
   * MalformedUpdate (or what Yjs throws) when the bytes do not decode.
   */
  constructor(
    readonly doc: Doc,
    readonly bytes: Uint8Array,
    recognise: boolean | TypedText = true,
  ) {
    this.typed = recognise === true ? readTypedText(bytes) : recognise || null;
    if (!this.typed) this.decode();
  }

  /**
   * The update when `bytes` is a keystroke new to the document (see
   * `newTypedText`), read without decoding it in full; null for anything
   * else. Never throws.
   */
  static keystroke(doc: Doc, bytes: Uint8Array): IncomingUpdate | null {
    const typed = readTypedText(bytes);
    if (!typed) return null;
    const update = new IncomingUpdate(doc, bytes, typed);
    return update.newTypedText() ? update : null;
  }

  get structs(): Struct[] {
    return this.decode().structs;
  }

  get deleteSet(): DeleteSet {
    return this.decode().deleteSet;
  }

  /**
   * The characters when the whole update is one run of them typed after
   * (and maybe before) items the document has, nothing of it known yet and
   * nothing deleted: what nearly every keystroke is. Null for anything else.
   */
  newTypedText(): TypedText | null {
    if (this.newTyped === undefined) this.newTyped = this.typedIsNew();
    return this.newTyped;
  }

  private typedIsNew(): TypedText | null {
    const typed = this.typed;
    const store = this.doc.store;
    if (!typed || typed.clock !== getState(store, typed.client)) return null;
    const { origin, rightOrigin } = typed;
    if (origin.clock >= getState(store, origin.client)) return null;
    return !rightOrigin || rightOrigin.clock < getState(store, rightOrigin.client) ? typed : null;
  }

  private get resolved(): Map<Struct, Resolution> {
    this.resolvedStructs ??= new Map();
    return this.resolvedStructs;
  }

  /** Decoded once, when something needs more than the typed text. */
  private decode(): Decoded {
    if (this.decoded) return this.decoded;
    const { structs, ds } = decodeUpdate(this.bytes);
    const byClient = new Map<number, Struct[]>();
    for (const struct of structs) {
      const list = byClient.get(struct.id.client);
      const last = list?.[list.length - 1];
      // Yjs keeps only one run per client: a second one would be checked here but not applied.
      if (last && struct.id.clock !== last.id.clock + last.length) {
        throw new MalformedUpdate('a client appears twice or out of order in the update');
      }
      if (list) list.push(struct);
      else byClient.set(struct.id.client, [struct]);
    }
    for (const ranges of ds.clients.values()) {
      // Yjs writes them sorted and merged; overlapping ones would make every scan of them quadratic.
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i]!.clock < ranges[i - 1]!.clock + ranges[i - 1]!.len) {
          throw new MalformedUpdate('deletions out of order in the update');
        }
      }
    }
    this.decoded = { structs, deleteSet: ds, byClient };
    return this.decoded;
  }

  get size(): number {
    return this.bytes.length;
  }

  /** How much of the start of `struct` the document already has (all of it: nothing new). */
  knownLength(struct: Struct): number {
    const state = getState(this.doc.store, struct.id.client);
    return Math.min(struct.length, Math.max(0, state - struct.id.clock));
  }

  /** Items the document lacks, whole or in part: what applying the update adds. */
  *newItems(): Generator<Item> {
    for (const struct of this.structs) {
      if (struct instanceof Item && this.knownLength(struct) < struct.length) yield struct;
    }
  }

  /** True when applying adds content (an update that only deletes makes a document smaller). */
  addsContent(): boolean {
    if (this.newTypedText()) return true;
    for (const item of this.newItems()) {
      if (!(item.content instanceof ContentDeleted)) return true;
    }
    return false;
  }

  /** How many of `client`'s clocks from `start` to `end` the update deletes. */
  deletedBetween(client: number, start: number, end: number): number {
    const ranges = this.deleteSet.clients.get(client);
    if (!ranges) return 0;
    let low = 0;
    let high = ranges.length;
    // The first range that ends after `start`.
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ranges[mid]!.clock + ranges[mid]!.len <= start) low = mid + 1;
      else high = mid;
    }
    let deleted = 0;
    for (let i = low; i < ranges.length && ranges[i]!.clock < end; i++) {
      const range = ranges[i]!;
      deleted += Math.min(end, range.clock + range.len) - Math.max(start, range.clock);
    }
    return deleted;
  }

  /** The struct of this update that holds `id`, or null. */
  findInUpdate(id: ID): Struct | null {
    const list = this.decode().byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return null;
  }

  /** The document's struct that holds `id`, or null when the document does not have it. */
  findInDoc(id: ID): Item | GC | null {
    if (id.clock >= getState(this.doc.store, id.client)) return null;
    return getItem(this.doc.store, id);
  }

  /**
   * True when Yjs can integrate every part of the update now: nothing would
   * be left pending, neither items nor deletions.
   */
  isComplete(): boolean {
    if (this.newTypedText()) return true;
    for (const struct of this.structs) {
      if (this.knownLength(struct) < struct.length && this.resolve(struct) !== 'complete') {
        return false;
      }
    }
    for (const [client, ranges] of this.deleteSet.clients) {
      const reach = this.reach(client);
      if (ranges.some((range) => range.clock + range.len > reach)) return false;
    }
    return true;
  }

  /** The clock up to which the document will hold `client`'s structs once this update is applied. */
  private reach(client: number): number {
    let reach = getState(this.doc.store, client);
    for (const struct of this.decode().byClient.get(client) ?? []) {
      if (struct.id.clock > reach || this.resolve(struct) !== 'complete') break;
      reach = Math.max(reach, struct.id.clock + struct.length);
    }
    return reach;
  }

  /** Whether `root` can be integrated, with an explicit stack (dependency chains can be long). */
  private resolve(root: Struct): Resolution {
    const stack: Struct[] = [root];
    const expanded = new Set<Struct>();
    while (stack.length > 0) {
      const struct = stack[stack.length - 1]!;
      const known = this.resolved.get(struct);
      if (known === 'complete' || known === 'incomplete') {
        stack.pop();
        continue;
      }
      if (expanded.has(struct)) {
        const done = (this.dependencies(struct) ?? []).every(
          (d) => this.resolved.get(d) === 'complete',
        );
        this.resolved.set(struct, done ? 'complete' : 'incomplete');
        stack.pop();
        continue;
      }
      expanded.add(struct);
      this.resolved.set(struct, 'visiting');
      const dependencies = this.dependencies(struct);
      if (dependencies === null || dependencies.some((d) => this.resolved.get(d) === 'visiting')) {
        // Something is missing, or items depend on each other in a circle.
        this.resolved.set(struct, 'incomplete');
        stack.pop();
        continue;
      }
      for (const dependency of dependencies) {
        if (!this.resolved.has(dependency)) stack.push(dependency);
      }
    }
    return this.resolved.get(root) ?? 'incomplete';
  }

  /**
   * The structs of this update that `struct` needs integrated first, or null
   * when it needs something neither the document nor the update has.
   */
  private dependencies(struct: Struct): Struct[] | null {
    if (struct instanceof Skip) return null;
    const needed: Struct[] = [];
    const state = getState(this.doc.store, struct.id.client);
    if (struct.id.clock > state) {
      // A gap in this client's clocks: the structs before it must come in this update.
      const before = this.findInUpdate(createID(struct.id.client, struct.id.clock - 1));
      if (!before) return null;
      needed.push(before);
    }
    if (!(struct instanceof Item)) return needed;
    const parent = struct.parent as ID | string | null;
    const ids = [struct.origin, struct.rightOrigin, parent instanceof ID ? parent : null];
    for (const id of ids) {
      if (id === null) continue;
      // Yjs looks up an item's own client's ids without waiting: they must come before it.
      if (id.client === struct.id.client && id.clock >= struct.id.clock) return null;
      if (id.clock < getState(this.doc.store, id.client)) continue;
      const inUpdate = this.findInUpdate(id);
      if (!inUpdate) return null;
      needed.push(inUpdate);
    }
    return needed;
  }
}

/** Bits of a struct's info byte in Yjs' update format (v1). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_REF = 0x1f;
const STRING_CONTENT = 4;

/**
 * Reads `bytes` as Yjs does (v1: `readClientsStructRefs`, then the delete
 * set) when they hold exactly one client with one string item that has a
 * left neighbour, and no deletions; null for any other update or for bytes
 * with anything after that. With a neighbour, Yjs takes the parent from it
 * and reads no parent fields, so there is nothing else in such an update.
 */
function readTypedText(bytes: Uint8Array): TypedText | null {
  try {
    const decoder = createDecoder(bytes);
    if (readVarUint(decoder) !== 1 || readVarUint(decoder) !== 1) return null;
    const client = readVarUint(decoder);
    const clock = readVarUint(decoder);
    const info = readUint8(decoder);
    if ((info & CONTENT_REF) !== STRING_CONTENT) return null;
    if (!(info & HAS_ORIGIN) || info & HAS_PARENT_SUB) return null;
    const origin = createID(readVarUint(decoder), readVarUint(decoder));
    const rightOrigin =
      info & HAS_RIGHT_ORIGIN ? createID(readVarUint(decoder), readVarUint(decoder)) : null;
    const text = readString(decoder);
    // No deletions, and nothing after them.
    if (text.length === 0 || readVarUint(decoder) !== 0) return null;
    if (hasContent(decoder)) return null;
    return { client, clock, origin, rightOrigin, text };
  } catch {
    // Not even that: the general decoder says what is wrong with it.
    return null;
  }
}

/** Strings up to this long are read byte by byte when they are printable ASCII. */
const SHORT_STRING = 32;

/**
 * lib0's `readVarString`, but a short printable-ASCII string (what most
 * keystrokes carry) is read without the native UTF-8 decoder: one call of
 * that costs more than the rest of a keystroke's check. For those bytes
 * both readings give the same string; anything else goes to lib0.
 */
function readString(decoder: Decoder): string {
  const start = decoder.pos;
  const length = readVarUint(decoder);
  const bytes = decoder.arr;
  const end = decoder.pos + length;
  if (length <= SHORT_STRING && end <= bytes.length) {
    let text = '';
    for (let i = decoder.pos; i < end; i++) {
      const byte = bytes[i]!;
      if (byte < 0x20 || byte > 0x7e) {
        decoder.pos = start;
        return readVarString(decoder);
      }
      text += String.fromCharCode(byte);
    }
    decoder.pos = end;
    return text;
  }
  decoder.pos = start;
  return readVarString(decoder);
}
