import './styles.css';
import { App } from './app';
import { codeFromText } from './pairing';

/*
 * A pairing link (`/kiosk/#pair=K7MQ-9TXA`, the QR code's) carries the code in the fragment, which
 * no server sees; it is taken out of the address at once, so it is in neither the history nor a
 * bookmark of the installed app.
 */
function pairingCodeFromAddress(): string | undefined {
  const linked = /[#&]pair=([^&]*)/.exec(location.hash);
  if (!linked) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  // A code that cannot be one is still shown, so the pairing screen can say what is wrong with it.
  return codeFromText(location.hash) ?? decodeURIComponent(linked[1]);
}

const root = document.getElementById('app');
if (root) new App(root).start(pairingCodeFromAddress());

// Registered once the page has loaded: installing the worker fetches and keeps every file of the
// app, work that would otherwise compete with the first screen on a slow tablet.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  addEventListener('load', () => void navigator.serviceWorker.register('./sw.js').catch(() => undefined), {
    once: true,
  });
}
