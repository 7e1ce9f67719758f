import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** The bytes are not an update Yjs could apply as they are. */
export class MalformedUpdate extends Error {}

type Resolution = 'complete' | 'incomplete' | 'visiting';

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
 */
export class IncomingUpdate {
  readonly structs: Struct[];
  readonly deleteSet: DeleteSet;
  private readonly byClient = new Map<number, Struct[]>();
  private readonly resolved = new Map<Struct, Resolution>();

  constructor(
    readonly doc: Y.Doc,
    readonly bytes: Uint8Array,
  ) {
    const { structs, ds } = Y.decodeUpdate(bytes);
    this.structs = structs;
    this.deleteSet = ds;
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client);
      const last = list?.[list.length - 1];
      // Yjs keeps only one run per client: a second one would be checked here but not applied.
      if (last && struct.id.clock !== last.id.clock + last.length) {
        throw new MalformedUpdate('a client appears twice or out of order in the update');
      }
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
    for (const ranges of ds.clients.values()) {
      // Yjs writes them sorted and merged; overlapping ones would make every scan of them quadratic.
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i]!.clock < ranges[i - 1]!.clock + ranges[i - 1]!.len) {
          throw new MalformedUpdate('deletions out of order in the update');
        }
      }
    }
  }

  get size(): number {
    return this.bytes.length;
  }

  /** How much of the start of `struct` the document already has (all of it: nothing new). */
  knownLength(struct: Struct): number {
    const state = Y.getState(this.doc.store, struct.id.client);
    return Math.min(struct.length, Math.max(0, state - struct.id.clock));
  }

  /** Items the document lacks, whole or in part: what applying the update adds. */
  *newItems(): Generator<Y.Item> {
    for (const struct of this.structs) {
      if (struct instanceof Y.Item && this.knownLength(struct) < struct.length) yield struct;
    }
  }

  /** True when applying adds content (an update that only deletes makes a document smaller). */
  addsContent(): boolean {
    for (const item of this.newItems()) {
      if (!(item.content instanceof Y.ContentDeleted)) return true;
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
  findInUpdate(id: Y.ID): Struct | null {
    const list = this.byClient.get(id.client);
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
  findInDoc(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    return Y.getItem(this.doc.store, id);
  }

  /**
   * True when Yjs can integrate every part of the update now: nothing would
   * be left pending, neither items nor deletions.
   */
  isComplete(): boolean {
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
    let reach = Y.getState(this.doc.store, client);
    for (const struct of this.byClient.get(client) ?? []) {
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
    if (struct instanceof Y.Skip) return null;
    const needed: Struct[] = [];
    const state = Y.getState(this.doc.store, struct.id.client);
    if (struct.id.clock > state) {
      // A gap in this client's clocks: the structs before it must come in this update.
      const before = this.findInUpdate(Y.createID(struct.id.client, struct.id.clock - 1));
      if (!before) return null;
      needed.push(before);
    }
    if (!(struct instanceof Y.Item)) return needed;
    const parent = struct.parent as Y.ID | string | null;
    const ids = [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null];
    for (const id of ids) {
      if (id === null) continue;
      // Yjs looks up an item's own client's ids without waiting: they must come before it.
      if (id.client === struct.id.client && id.clock >= struct.id.clock) return null;
      if (id.clock < Y.getState(this.doc.store, id.client)) continue;
      const inUpdate = this.findInUpdate(id);
      if (!inUpdate) return null;
      needed.push(inUpdate);
    }
    return needed;
  }
}
