/** How often, at most, a screen reader hears the tally while people vote. */
const ANNOUNCE_EVERY_MS = 5_000;

/**
 * Text for a polite live region that changes at most every ANNOUNCE_EVERY_MS:
 * the first change is said at once, later ones wait and only the latest is
 * said, so a busy vote does not talk over everything else.
 */
export class TallyAnnouncer {
  text = $state('');
  private lastAt = 0;
  private pending: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  say(text: string): void {
    if (text === this.text && this.pending === null) return;
    this.pending = text;
    if (this.timer) return;
    const wait = Math.max(0, this.lastAt + ANNOUNCE_EVERY_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    if (this.pending === null) return;
    this.text = this.pending;
    this.pending = null;
    this.lastAt = Date.now();
  }
}
