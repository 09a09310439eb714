/**
 * The element in English, German and Arabic: complete catalogues, the
 * locale picked from the attribute, the closest `lang` or the browser and
 * switched at run time with no English word left, a host's own words, dates
 * and numbers in the locale, the layout mirrored in Arabic, and axe clean
 * in each locale, light and dark.
 */
import type { Page } from 'playwright-core';
import { ar } from '../src/i18n/ar';
import { de } from '../src/i18n/de';
import { en } from '../src/i18n/en';
import { Localizer, type Catalogue, type Message } from '../src/i18n/localizer';
import { seriousViolations } from './support/axe';
import { eventually, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const CATALOGUES = { de, ar } as const;
type Shipped = keyof typeof CATALOGUES;
const words = (locale: Shipped | 'en') => new Localizer(locale, locale, locale === 'en' ? en : CATALOGUES[locale], en);

const fields = [{ key: 'company', label: 'Company', type: 'TEXT' as const }];
const tags = [
  { name: 'VIP', color: '#f59e0b' },
  { name: 'Beta', color: '#8b5cf6' },
];
const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP'], profile: { company: 'Analytical Engines' }, lastAccessAt: '2026-05-01T10:00:00Z' },
  { email: 'grace@example.org', name: 'Grace Hopper', tags: ['Beta'] },
  { email: 'nobody@example.net', name: null, status: 'BANNED' as const, banReason: 'Spam' },
];

/** A number as Arabic writes it here (the digits depend on the ICU data: Arabic-Indic or Latin). */
const arabic = (value: number) => new Intl.NumberFormat('ar').format(value);
const forms = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message));
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

/** The keys of the English catalogue a catalogue has no words for. */
function missingKeys(catalogue: Partial<Catalogue>): string[] {
  return Object.keys(en).filter((key) => !(key in catalogue));
}

describe('the catalogues', () => {
  test.each(Object.keys(CATALOGUES) as Shipped[])('%s has every key of the English one, and no other', (locale) => {
    const catalogue = CATALOGUES[locale];
    expect(missingKeys(catalogue)).toEqual([]);
    expect(Object.keys(catalogue).filter((key) => !(key in en))).toEqual([]);
  });

  test('a catalogue that misses a key is caught, by its key', () => {
    const { ['app.addUser']: _left, ...short } = de;
    expect(missingKeys(short)).toEqual(['app.addUser']);
  });

  test.each(Object.keys(CATALOGUES) as Shipped[])('%s fills the same placeholders as English, and plurals have their "other" form', (locale) => {
    const wrong: string[] = [];
    for (const [key, english] of Object.entries(en) as Array<[keyof typeof en, Message]>) {
      const message = CATALOGUES[locale][key];
      const expected = placeholders(forms(english).find((form) => typeof english === 'string' || form === (english as { other: string }).other)!);
      if (typeof english !== 'string' && (typeof message === 'string' || message.other === undefined)) wrong.push(`${key}: not a plural`);
      for (const form of forms(message)) {
        // A plural form may spell its number ("مستخدم واحد") instead of {count}.
        const given = placeholders(form).filter((name) => typeof english === 'string' || name !== 'count');
        const allowed = expected.filter((name) => typeof english === 'string' || name !== 'count');
        if (given.some((name) => !expected.includes(name))) wrong.push(`${key}: unknown placeholder in "${form}"`);
        if (typeof english === 'string' && given.join() !== allowed.join()) wrong.push(`${key}: "${form}" fills ${given.join()} not ${allowed.join()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('plural forms follow each language: Arabic has six (its own words for 0), English two', () => {
    expect(['0', '1', '2', '5', '11', '100'].map((n) => words('ar').t('users.count', { count: Number(n) }))).toEqual([
      'لا مستخدمين',
      'مستخدم واحد',
      'مستخدمان',
      `${arabic(5)} مستخدمين`,
      `${arabic(11)} مستخدمًا`,
      `${arabic(100)} مستخدم`,
    ]);
    expect([0, 1, 2].map((count) => words('en').t('users.count', { count }))).toEqual(['0 users', '1 user', '2 users']);
    expect(words('de').t('app.rangeOf', { from: 1, to: 50, total: 12345, page: 1 })).toBe('1–50 von 12.345 · Seite 1');
  });
});

/** Every text node and label the element shows, through its shadow roots (styles, scripts and code aside). */
async function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const visit = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        if (node instanceof Text) {
          const parent = node.parentElement?.tagName;
          // <code> holds names as a file spells them (the CSV's `email` column), in no language.
          if (parent !== 'STYLE' && parent !== 'SCRIPT' && parent !== 'CODE') texts.push(node.data);
        } else if (node instanceof Element) {
          for (const name of ['aria-label', 'title', 'placeholder', 'aria-valuetext']) {
            const value = node.getAttribute(name);
            if (value) texts.push(value);
          }
          if (node.shadowRoot) visit(node.shadowRoot);
        }
      }
    };
    visit(document.querySelector('user-manager')!);
    return texts.map((text) => text.trim()).filter((text) => text !== '');
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English words a page in `locale` must not show: each English message
 * (its placeholders matching anything) and each piece of it between
 * placeholders of two words or more, leaving out messages the locale words
 * the same ("Status") and pieces without letters.
 */
function englishPatterns(locale: Shipped): Array<{ key: string; pattern: RegExp }> {
  const patterns: Array<{ key: string; pattern: RegExp }> = [];
  for (const [key, english] of Object.entries(en) as Array<[keyof typeof en, Message]>) {
    const translated = forms(CATALOGUES[locale][key]);
    for (const form of forms(english)) {
      if (translated.includes(form)) continue;
      const pieces = form.split(/\{\w+\}/);
      if (!pieces.some((piece) => /\p{L}/u.test(piece))) continue;
      patterns.push({ key, pattern: new RegExp(`^${pieces.map((piece) => escape(piece.trim())).join('.*?')}$`, 'su') });
      for (const piece of pieces.map((part) => part.trim())) {
        if (/\p{L}+\s+\p{L}+/u.test(piece) && !translated.some((words) => words.includes(piece)))
          patterns.push({ key, pattern: new RegExp(`^${escape(piece)}$`) });
      }
    }
  }
  return patterns;
}

/** The English left on the page as `locale` shows it: each text with the key it reads as. */
async function englishLeft(page: Page, locale: Shipped): Promise<string[]> {
  const patterns = englishPatterns(locale);
  const texts = await shownTexts(page);
  return texts.flatMap((text) => patterns.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: "${text}"`));
}

const setLocale = async (page: Page, locale: string) => {
  await page.evaluate((value) => document.querySelector('user-manager')!.setAttribute('locale', value), locale);
  await page.locator(`user-manager .base[lang="${locale}"]`).waitFor({ state: 'attached' });
};

/** Opens the views of the element one after another, in `locale`'s words, checking each with `check`. */
async function everyView(page: Page, locale: Shipped | 'en', check: (view: string) => Promise<void>) {
  const l = words(locale);
  await page.getByRole('tab', { name: `${l.t('app.tab.ALL')} ${l.count(3)}`, exact: true }).waitFor();
  await check('list');
  await page.getByRole('button', { name: l.t('toolbar.tagFilter'), exact: true }).click();
  await page.getByRole('combobox', { name: l.t('toolbar.filterByTag', { tag: 'VIP' }) }).waitFor();
  await check('tag filter');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: l.t('columns.button'), exact: true }).click();
  await page.getByRole('checkbox', { name: 'Company' }).waitFor();
  await check('columns');
  await page.keyboard.press('Escape');
  await page.getByRole('checkbox', { name: l.t('table.select', { name: 'Ada Lovelace' }) }).check();
  const bulk = page.getByRole('region', { name: l.t('bulk.label') });
  await bulk.waitFor();
  await check('bulk bar');
  await bulk.getByRole('button', { name: l.t('bulk.ban'), exact: true }).click();
  const ban = page.getByRole('alertdialog', { name: l.t('ban.title', { who: 'Ada Lovelace' }) });
  await ban.getByRole('radio', { name: l.t('ban.duration.7d') }).waitFor();
  await check('ban dialog');
  await ban.getByRole('button', { name: l.t('common.cancel'), exact: true }).click();
  await page.getByRole('button', { name: l.t('bulk.clear') }).click();
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const profile = page.getByRole('dialog', { name: 'Ada Lovelace' });
  await profile.getByText('Analytical Engines', { exact: true }).waitFor();
  await profile.getByText(l.t('activity.none')).or(profile.locator('um-activity-timeline ol')).first().waitFor();
  await profile.locator('um-audit-trail li').first().waitFor();
  await check('profile');
  await profile.getByRole('button', { name: l.t('profile.close') }).click();

  const actions = page.getByRole('button', { name: l.t('table.actionsFor', { name: 'Grace Hopper' }) });
  await actions.click();
  await page.getByRole('menu').waitFor();
  await check('row menu');
  await page.getByRole('menuitem', { name: l.t('table.deleteUser') }).click();
  await page.getByRole('alertdialog', { name: l.t('delete.title', { name: 'Grace Hopper' }) }).waitFor();
  await check('delete dialog');
  await page.keyboard.press('Escape');
  await actions.click();
  await page.getByRole('menuitem', { name: l.t('table.resetPassword') }).click();
  await page.getByRole('dialog', { name: l.t('reset.title', { name: 'Grace Hopper' }) }).waitFor();
  await check('reset password');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: l.t('app.import'), exact: true }).click();
  const importing = page.getByRole('dialog', { name: l.t('import.title') });
  await importing.getByRole('radio', { name: l.t('import.mode.DRY_RUN') }).waitFor();
  await check('import');
  await importing
    .getByLabel(l.t('import.file'))
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nnot-an-email,X\nok@example.com,Ok\n') });
  await importing.getByRole('radio', { name: l.t('import.mode.DRY_RUN') }).check();
  await importing.getByRole('button', { name: l.t('import.start') }).click();
  await importing.getByRole('table', { name: l.t('import.failedRows') }).waitFor();
  await check('import result');
  await importing.getByRole('button', { name: l.t('common.done'), exact: true }).click();

  await page.getByRole('button', { name: l.t('app.manageTags') }).click();
  await page
    .getByRole('dialog', { name: l.t('tagAdmin.title') })
    .getByRole('list', { name: l.t('tagAdmin.tags') })
    .waitFor();
  await check('manage tags');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: l.t('app.addUser') }).click();
  const adding = page.getByRole('dialog', { name: l.t('addUser.title') });
  await adding.getByRole('button', { name: l.t('form.add') }).click();
  await adding.getByText(l.t('form.required', { field: l.t('form.email') })).waitFor();
  await check('add user with a field error');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: l.t('views.saveView') }).click();
  await page.getByRole('textbox', { name: l.t('views.newName') }).waitFor();
  await check('naming a view');
  await page.keyboard.press('Escape');
}

test('switching the locale attribute at run time shows German, then Arabic, with no English left, dates and numbers in the locale', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { attributes: 'columns="name,email,company,status,tags,signed-up,last-access"' });
  await page.getByRole('button', { name: 'Add user' }).waitFor();

  for (const locale of ['de', 'ar'] as const) {
    await setLocale(page, locale);
    const l = words(locale);
    await page.getByRole('button', { name: l.t('app.addUser') }).waitFor();
    await everyView(page, locale, async (view) => {
      expect({ view, english: await englishLeft(page, locale) }).toEqual({ view, english: [] });
    });
    // The row's dates as the locale writes them.
    const adaRow = page.locator('user-manager [role="row"][data-id]').filter({ hasText: 'Ada Lovelace' });
    const signedUp = await adaRow.locator('time').first().getAttribute('datetime');
    await eventually(() => adaRow.locator('time').first().innerText(), l.day(signedUp!));
  }
  // German dates read as German ("01.05.2026"), Arabic counts in Arabic-Indic digits.
  expect(words('de').day('2026-05-01T10:00:00Z')).toMatch(/^01\.05\.2026$/);
  const three = await page.evaluate(() => new Intl.NumberFormat('ar').format(3));
  await page.getByRole('tab', { name: `${words('ar').t('app.tab.ALL')} ${three}`, exact: true }).waitFor();
  expect(page.errors).toEqual([]);
}, 120_000);

test('in Arabic every part mirrors: the toolbar, the rows, the row menu and the popovers stay inside the viewport', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { attributes: 'locale="ar"' });
  const l = words('ar');
  await page.getByRole('button', { name: l.t('app.addUser') }).waitFor();
  expect(await page.locator('user-manager .base').evaluate((base) => getComputedStyle(base).direction)).toBe('rtl');
  const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!;
  const search = await box(page.getByRole('searchbox', { name: l.t('toolbar.search') }));
  const addUser = await box(page.getByRole('button', { name: l.t('app.addUser') }));
  expect(search.x).toBeGreaterThan(addUser.x);
  const ada = page.locator('user-manager [role="row"][data-id]').filter({ hasText: 'Ada Lovelace' });
  const check = await box(ada.getByRole('checkbox'));
  const name = await box(ada.getByRole('button', { name: 'Ada Lovelace', exact: true }));
  expect(check.x).toBeGreaterThan(name.x);

  const viewport = page.viewportSize()!;
  const inside = (rect: { x: number; y: number; width: number; height: number }) =>
    rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= viewport.width && rect.y + rect.height <= viewport.height;
  await ada.getByRole('button', { name: l.t('table.actionsFor', { name: 'Ada Lovelace' }) }).click();
  const menu = page.getByRole('menu');
  const menuBox = await box(menu);
  const menuButton = await box(ada.getByRole('button', { name: l.t('table.actionsFor', { name: 'Ada Lovelace' }) }));
  expect(inside(menuBox)).toBe(true);
  // The menu opens inward from its button, as in English mirrored: their left edges line up (in English, their right edges).
  expect(Math.abs(menuBox.x - menuButton.x)).toBeLessThanOrEqual(2);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: l.t('toolbar.tagFilter'), exact: true }).click();
  expect(inside(await box(page.getByRole('group', { name: l.t('toolbar.tagFilter') })))).toBe(true);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: l.t('columns.button'), exact: true }).click();
  expect(inside(await box(page.getByRole('group', { name: l.t('columns.button') })))).toBe(true);
  expect(page.errors).toEqual([]);
}, 60_000);

test("the element's own dir wins: English right to left with dir=rtl, Arabic left to right with dir=ltr", async () => {
  const { appId } = await fixture.seed({ fields, tags, users: users.slice(0, 1) });
  const direction = (page: Page) => page.locator('user-manager .base').evaluate((base) => getComputedStyle(base).direction);
  const english = await fixture.open(appId, { attributes: 'dir="rtl"' });
  await english.getByRole('button', { name: 'Add user' }).waitFor();
  expect(await direction(english)).toBe('rtl');
  const arabic = await fixture.open(appId, { attributes: 'locale="ar" dir="ltr"' });
  await arabic.getByRole('button', { name: ar['app.addUser'] as string }).waitFor();
  expect(await direction(arabic)).toBe('ltr');
}, 60_000);

test('without the attribute the closest lang picks the locale, then the browser; a change of the page lang switches too', async () => {
  const { appId } = await fixture.seed({ fields, tags, users: users.slice(0, 1) });
  const browserGerman = await fixture.open(appId, { lang: null, locale: 'de-DE' });
  await browserGerman.getByRole('button', { name: de['app.addUser'] as string }).waitFor();

  const page = await fixture.open(appId, { lang: 'ar-EG' });
  await page.getByRole('button', { name: ar['app.addUser'] as string }).waitFor();
  await page.evaluate(() => (document.documentElement.lang = 'de-AT'));
  await page.getByRole('button', { name: de['app.addUser'] as string }).waitFor();
  // A lang the element has no words for: English words, that locale's formats.
  await page.evaluate(() => (document.documentElement.lang = 'fr'));
  await page.getByRole('button', { name: 'Add user' }).waitFor();
  const time = page.locator('user-manager [role="row"][data-id] time').first();
  const iso = (await time.getAttribute('datetime'))!;
  await eventually(() => time.innerText(), new Intl.DateTimeFormat('fr', { dateStyle: 'medium' }).format(new Date(iso)));
  // The attribute wins over the page.
  await setLocale(page, 'de');
  await page.getByRole('button', { name: de['app.addUser'] as string }).waitFor();
}, 60_000);

test("a host's messages replace any string, plain or plural, in whatever locale is shown", async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.evaluate(() => {
    const element = document.querySelector('user-manager') as HTMLElement & { messages: unknown };
    element.messages = { 'app.addUser': 'Invite someone', 'bulk.selected': { one: 'One member picked', other: '{count} members picked' } };
  });
  await page.getByRole('button', { name: 'Invite someone' }).waitFor();
  await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).check();
  await page.getByText('One member picked').waitFor();
  await page.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
  await page.getByText('2 members picked').waitFor();
  await setLocale(page, 'de');
  await page.getByRole('button', { name: 'Invite someone' }).waitFor();
  // What the host left alone is German.
  await page.getByRole('button', { name: de['bulk.clear'] as string }).waitFor();
}, 60_000);

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious in German and Arabic, ${theme}`, async () => {
    const { appId } = await fixture.seed({ fields, tags, users });
    for (const locale of ['de', 'ar'] as const) {
      const page = await fixture.open(appId, { attributes: `locale="${locale}" theme="${theme}"`, colorScheme: theme });
      await everyView(page, locale, async (view) => {
        await page.locator('[role="grid"][aria-busy="false"]').waitFor();
        expect({ locale, view, violations: await seriousViolations(page) }).toEqual({ locale, view, violations: [] });
      });
    }
  }, 180_000);
}

test('the catalogues load once, when first shown, from beside the element', async () => {
  const { appId } = await fixture.seed({ fields, tags, users: users.slice(0, 1) });
  const requested: string[] = [];
  const page = await fixture.open(appId, {
    prepare: (next) => {
      next.on('request', (request) => requested.push(new URL(request.url()).pathname));
      return Promise.resolve();
    },
  });
  await page.getByRole('button', { name: 'Add user' }).waitFor();
  expect(requested.filter((path) => path.includes('/locales/'))).toEqual([]);
  await setLocale(page, 'de');
  await setLocale(page, 'en');
  await setLocale(page, 'de');
  await eventually(() => Promise.resolve(requested.filter((path) => path.includes('/locales/'))), ['/widget/locales/de.js']);
}, 60_000);
