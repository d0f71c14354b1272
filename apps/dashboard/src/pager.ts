import { fillText } from './dialog';
import { byId } from './dom';

/**
 * The pages of a list the server gives newest first and pages back by cursor (`before`: the id of
 * the last entry seen), as the audit log does. Its buttons are `<prefix>-newer` and
 * `<prefix>-older`, and `<prefix>-page` says which page is on screen.
 */
export class Pager {
  /** The `before` cursor of each page seen, newest page first. */
  private pages: (number | undefined)[] = [undefined];

  /** `turn`: reads the page now wanted (`before`) and shows it. */
  constructor(
    private readonly prefix: string,
    readonly size: number,
    turn: () => void,
  ) {
    byId(`${prefix}-newer`).addEventListener('click', () => {
      if (this.pages.length > 1) this.pages.pop();
      turn();
    });
    byId(`${prefix}-older`).addEventListener('click', () => {
      const older = Number(byId(`${prefix}-older`).dataset.before);
      if (older) this.pages.push(older);
      turn();
    });
  }

  /** The cursor of the page on screen: the entries older than this id (none: the newest page). */
  get before(): number | undefined {
    return this.pages.at(-1);
  }

  /** The entries to ask for: one more than a page, to tell whether an older page exists. */
  get limit(): number {
    return this.size + 1;
  }

  /** Back to the newest page (the filters changed, say). */
  reset(): void {
    this.pages = [undefined];
  }

  /** The page of `entries` to show (as read with `limit`), the buttons set for it. */
  page<T extends { id: number }>(entries: T[]): T[] {
    const page = entries.slice(0, this.size);
    const older = byId<HTMLButtonElement>(`${this.prefix}-older`);
    older.disabled = entries.length <= this.size;
    older.dataset.before = String(page.at(-1)?.id ?? '');
    byId<HTMLButtonElement>(`${this.prefix}-newer`).disabled = this.pages.length <= 1;
    byId(`${this.prefix}-page`).textContent = fillText('Trang {page}', { page: String(this.pages.length) });
    return page;
  }
}
