import { language } from './i18n';

/*
 * Reading a guide's step aloud, for residents who read with difficulty: the browser's own speech
 * synthesis, with a Vietnamese voice where the device has one. Nothing leaves the device.
 */
export const canReadAloud = (): boolean => 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window;

export function readAloud(text: string): void {
  if (!canReadAloud()) return;
  const lang = language() === 'vi' ? 'vi-VN' : 'en-GB';
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  // Voices name their language as vi-VN or vi_VN; any Vietnamese voice will do.
  const prefix = lang.slice(0, 2);
  const voice = speechSynthesis.getVoices().find((each) => each.lang.toLowerCase().startsWith(prefix));
  if (voice) utterance.voice = voice;
  // A little slower than the default: many who ask to hear it are elderly.
  utterance.rate = 0.9;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

export function stopReading(): void {
  if (canReadAloud()) speechSynthesis.cancel();
}
