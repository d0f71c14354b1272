import { byId } from '../dom';
import { language, switchLanguage, translatePage } from '../i18n';
import { readPublicView } from './public-api';
import { SharePage } from './share-page';

/** How often the page asks again: the API's answer is itself shared for a few seconds. */
const POLL_MS = 10_000;

/**
 * The public page (/share/#<token>): no sign-in, the share link's token in the address's fragment
 * (which browsers never send) and from there in a header. It asks every 10 seconds; a failed read
 * keeps the last figures, a revoked link ends the page.
 */
function main(): void {
  translatePage();
  const lang = byId('lang');
  lang.textContent = language() === 'en' ? 'VI' : 'EN';
  lang.setAttribute('aria-label', language() === 'en' ? 'VI – Tiếng Việt' : 'EN – English');
  lang.addEventListener('click', switchLanguage);
  // Another link pasted into the address bar is another page.
  window.addEventListener('hashchange', () => location.reload());
  const token = location.hash.slice(1);
  const page = new SharePage();
  if (!token) return page.gone();

  const read = async (): Promise<void> => {
    let wait = POLL_MS;
    try {
      const answer = await readPublicView(token);
      if (answer.kind === 'gone') return page.gone();
      if (answer.kind === 'busy') {
        page.offline();
        wait = Math.max(POLL_MS, answer.retryAfterSeconds * 1000);
      } else page.show(answer.view);
    } catch (error) {
      console.error(error);
      page.offline();
    }
    window.setTimeout(() => void read(), wait);
  };
  void read();
}

main();
