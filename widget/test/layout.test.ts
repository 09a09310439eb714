/**
 * The element on a phone (390×844) and a tablet (768×1024), in Chromium
 * against the real server: every control, popover, menu and dialog inside
 * the viewport (bounding boxes checked), nothing scrolling sideways, the
 * table as cards on the phone with each row's name and actions together,
 * the filters folded into "Filters", no layout shift when the bulk bar
 * appears, and a long profile label that stays readable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually, row, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const LONG_LABEL = 'The company this user was first invoiced under, as written on the contract';
const app = {
  fields: [
    { key: 'company', label: LONG_LABEL, type: 'TEXT' as const },
    { key: 'plan', label: 'Plan', type: 'SELECT' as const, options: ['Free', 'Pro'] },
  ],
  tags: [{ name: 'VIP' }, { name: 'Beta testers of the new billing' }, { name: 'EMEA' }],
  users: [
    {
      email: 'ada.lovelace.with.a.long.address@analytical-engines.example.com',
      name: 'Ada Augusta King, Countess of Lovelace',
      tags: ['VIP', 'Beta testers of the new billing', 'EMEA'],
      profile: { company: 'The Analytical Engine Manufacturing Company of Greater London', plan: 'Pro' },
    },
    { email: 'grace@example.org', name: 'Grace Hopper', status: 'BANNED' as const, banReason: 'Spam' },
    { email: 'alan@example.net', name: 'Alan Turing' },
  ],
};

/** Every visible control of the element, through its shadow roots, that is not inside the viewport. */
const outside = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const visit = (root: ParentNode) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        if (!element.matches('button, input, select, a[href], [role="tab"], [role="menuitem"], [role="dialog"], [role="alertdialog"], [role="group"]'))
          continue;
        const box = element.getBoundingClientRect();
        // Hidden, or out of sight until focused (the skip link): nothing to see.
        if (box.width <= 1 || box.height <= 1 || getComputedStyle(element).visibility === 'hidden') continue;
        // The page scrolls up and down; what opens over it (menus, dialogs, panels) must fit both ways.
        const overlay =
          element.matches('[role="menuitem"], [role="dialog"], [role="alertdialog"], #tag-filter-panel, #columns-panel') ||
          !!element.closest('[role="menu"], dialog, #tag-filter-panel, #columns-panel');
        const across = box.left < -0.5 || box.right > window.innerWidth + 0.5;
        const down = overlay && (box.top < -0.5 || box.bottom > window.innerHeight + 0.5);
        if (across || down) {
          const name = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim().slice(0, 40);
          found.push(
            `${element.tagName.toLowerCase()} "${name}" at ${Math.round(box.left)}–${Math.round(box.right)} × ${Math.round(box.top)}–${Math.round(box.bottom)}`,
          );
        }
      }
    };
    visit(document);
    return found;
  });

/** Whether anything scrolls sideways: the page, or a card of the table. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const table = document.querySelector('user-manager')!.shadowRoot!.querySelector('um-user-table')!.shadowRoot!;
    const cards = [...table.querySelectorAll<HTMLElement>('.rows [role="row"][data-id]')].filter((card) => card.scrollWidth > card.clientWidth + 1);
    return { page: document.documentElement.scrollWidth > window.innerWidth, cards: cards.length };
  });

/** A locator's top in the document, not the viewport: checking a box may scroll the page to show it, which moves nothing. */
const documentTop = async (page: Page, locator: Locator) => (await locator.boundingBox())!.y + (await page.evaluate(() => window.scrollY));

/** A locator's top once the layout has settled: the same in two frames in a row. */
async function settledTop(page: Page, locator: Locator): Promise<number> {
  let last = Number.NaN;
  for (let frames = 0; frames < 60; frames += 1) {
    const top = await documentTop(page, locator);
    if (top === last) return top;
    last = top;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  throw new Error('the layout never settled');
}

const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'um-layout-'));
afterAll(() => fs.rmSync(shots, { recursive: true, force: true }));

describe.each([
  { device: 'phone', width: 390, height: 844 },
  { device: 'tablet', width: 768, height: 1024 },
])('$device $width×$height', ({ device, width, height }) => {
  test('every control is inside the viewport and nothing scrolls sideways; popovers, menus and dialogs fit', async () => {
    const { appId } = await fixture.seed(app);
    const page = await fixture.open(appId, { attributes: 'columns="name,email,status,tags,plan,last-access"' });
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    // The table hears of its new width from a ResizeObserver, at the next frame: until then it keeps the old layout.
    await eventually(() => outside(page), []);
    await eventually(() => sideways(page), { page: false, cards: 0 });
    await page.screenshot({ path: path.join(shots, `${device}.png`), fullPage: true });

    // The tag filter's panel (behind "Filters" on a phone).
    if (device === 'phone') {
      expect(await page.getByRole('button', { name: 'Tag filter' }).isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Filters' }).click();
    }
    await page.getByRole('button', { name: 'Tag filter' }).click();
    await page.getByRole('group', { name: 'Tag filter' }).waitFor();
    expect(await outside(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // The column chooser.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Columns' }).waitFor();
    expect(await outside(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // A row's menu, scrolled to the bottom of the screen: it opens above its button if it must, and its row is named beside it.
    const menuButton = page.getByRole('button', { name: 'Actions for Alan Turing' });
    await menuButton.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await menuButton.click();
    await page.getByRole('menu', { name: 'Actions for Alan Turing' }).waitFor();
    expect(await outside(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // The profile with a long label: every dialog control inside, and the label wider than a few letters.
    await row(page, 'Ada Augusta King, Countess of Lovelace').getByRole('button', { name: 'Ada Augusta King, Countess of Lovelace', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ada Augusta King, Countess of Lovelace' });
    const label = dialog.getByRole('term').filter({ hasText: LONG_LABEL });
    await label.waitFor();
    expect((await label.boundingBox())!.width).toBeGreaterThan(120);
    expect(await outside(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(page.errors).toEqual([]);
  });

  test('the bulk bar appears without moving the list', async () => {
    const { appId } = await fixture.seed(app);
    const page = await fixture.open(appId);
    await page.setViewportSize({ width, height });
    // The counts arrive after the rows, and the new size lays out a frame later: measure once all is in place.
    await page.getByRole('tab', { name: 'All 3', exact: true }).waitFor();
    const first = row(page, 'Ada Augusta King, Countess of Lovelace');
    const before = await settledTop(page, first);
    await page.getByRole('checkbox', { name: 'Select Alan Turing' }).check();
    await page.getByText('1 user selected').waitFor();
    expect(await documentTop(page, first)).toBe(before);
    expect(await outside(page)).toEqual([]);
  });
});

test('on a phone each user is a card: name and actions on one line, each column labelled below', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'columns="name,email,status,tags,plan"' });
  await page.setViewportSize({ width: 390, height: 844 });
  // The table turns to cards once its resize has been observed and rendered.
  await page.locator('user-manager .scroll.cards').waitFor();
  const card = row(page, 'Alan Turing');
  const name = (await card.getByRole('rowheader').boundingBox())!;
  const menu = (await card.getByRole('button', { name: 'Actions for Alan Turing' }).boundingBox())!;
  // The menu sits on the name's line, at the card's end.
  expect(Math.abs(name.y + name.height / 2 - (menu.y + menu.height / 2))).toBeLessThan(menu.height);
  expect(menu.x).toBeGreaterThan(name.x);
  const plan = card.locator('[data-label="Plan"]');
  expect(await plan.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Plan"');
  expect((await plan.boundingBox())!.y).toBeGreaterThan(name.y + name.height - 1);
  // At the desktop width the same rows are a table again.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('user-manager .scroll:not(.cards)').waitFor();
  const wide = (await card.locator('[data-label="Plan"]').boundingBox())!;
  expect(Math.abs(wide.y - (await card.getByRole('rowheader').boundingBox())!.y)).toBeLessThan(4);
});
