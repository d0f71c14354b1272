import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUIDES } from '@kiosk-pulse/contract';
import { guideContentSchema } from '../../libs/contract/src/guide-content';

const FOLDER = join(__dirname, '../../apps/kiosk/guides');
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.json'));
const read = (name: string): unknown => JSON.parse(readFileSync(join(FOLDER, name), 'utf8'));

/* The self-service guides ward staff may correct: each file must stay one the kiosk app can show. */
describe('the self-service guide files', () => {
  it.each(files)('%s follows the schema, and its id is its file name', (name) => {
    const guide = guideContentSchema.parse(read(name));
    expect(`${guide.id}.json`).toBe(name);
  });

  it('cover every guide the city counts, the Digital Citizen app as "other"', () => {
    const guides = files.map((name) => guideContentSchema.parse(read(name)).guide);
    expect(new Set(guides)).toEqual(new Set(GUIDES));
  });

  it('refuses a file whose answer is not one of its choices, or with a field it does not know', () => {
    const words = { vi: 'a', en: 'a' };
    const base = { id: 'x', guide: 'other', version: 1, title: words, steps: [words] };
    expect(
      guideContentSchema.safeParse({
        ...base,
        quiz: [{ question: words, choices: [words, words], answer: 2, why: words }],
      }).success,
    ).toBe(false);
    expect(guideContentSchema.safeParse({ ...base, author: 'someone' }).success).toBe(false);
    expect(guideContentSchema.safeParse(base).success).toBe(true);
  });
});
