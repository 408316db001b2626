/**
 * The playground at / in a real browser: Debian's headless chromium driven by playwright-core,
 * against a real stack (private Redis, the built master and executor, the real sandbox). Loads
 * the page, picks python, types a program, adds a passing and a failing test, runs, and reads
 * both verdicts with their time and memory; then judges with a checker program of its own, with
 * points and a group, and reads the scores.
 *
 * SENTINEL_PLAYGROUND_SCREENSHOT=docs/playground.png also saves the finished page there (README).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { chromium, type Browser } from 'playwright-core';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { repoRoot, startStack } from '../helpers/services.js';

/** Debian's package (npm run setup installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let redis: TestRedis;
let browser: Browser;

test.before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: the browser test needs Debian's chromium package (npm run setup installs it), or CHROMIUM_PATH`);
  }
  redis = await startRedis();
  // --no-sandbox: the suite runs as root, where chromium refuses its own sandbox.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});

test.after.always(async () => {
  await browser?.close();
  await redis?.stop();
});

test('the playground runs a python program against two tests and shows both verdicts', async (t) => {
  const { url } = await startStack(t, redis.url);
  const page = await browser.newPage({ viewport: { width: 1280, height: 680 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed loads are judged by their responses below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(url)) external.push(request.url());
  });

  await page.goto(`${url}/`);
  const language = page.getByLabel('Language', { exact: true });
  // Filled from GET /languages.
  await t.notThrowsAsync(language.locator('option[value="python"]').waitFor({ state: 'attached' }));
  await language.selectOption('python');

  const editor = page.getByRole('textbox', { name: 'Code' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('n = int(input())\nprint(n * 2)');
  t.is(await page.locator('.cm-content').innerText(), 'n = int(input())\nprint(n * 2)');

  await page.getByRole('button', { name: 'Add test' }).click();
  await page.getByRole('button', { name: 'Add test' }).click();
  await page.getByLabel('Input of test 1').fill('21');
  await page.getByLabel('Expected output of test 1').fill('42');
  await page.getByLabel('Input of test 2').fill('5');
  await page.getByLabel('Expected output of test 2').fill('11');
  await page.getByRole('button', { name: 'Run' }).click();

  const rows = page.locator('table.tests tbody tr');
  await page.locator('table.tests tbody tr[data-state="done"]').nth(1).waitFor({ timeout: 60_000 });
  await page.getByRole('status').filter({ hasText: /^Done/ }).waitFor({ timeout: 30_000 });
  t.is(await rows.count(), 2);
  const first = rows.nth(0);
  const second = rows.nth(1);
  t.is(await first.locator('.verdict').innerText(), 'ACCEPTED');
  t.is(await second.locator('.verdict').innerText(), 'WRONG_ANSWER');
  t.is((await first.locator('.output').innerText()).trim(), '42');
  t.is((await second.locator('.output').innerText()).trim(), '10');
  for (const row of [first, second]) {
    t.regex(await row.locator('.time').innerText(), /^\d+ ms$/);
    t.regex(await row.locator('.memory').innerText(), /^\d+(\.\d)? (KiB|MiB)$/);
  }
  t.regex(await page.getByRole('status').innerText(), /^Done · WRONG_ANSWER · 1\/2 passed · score 1\/2 · \d+ ms$/);
  // Progress followed the job through GET /job/:id/events (polling is only the page's fallback).
  t.is(await page.locator('#run-mode').innerText(), 'live progress (events)');
  t.deepEqual(problems, []);
  t.deepEqual(external, [], 'the page loads nothing from outside the master');

  const screenshot = process.env.SENTINEL_PLAYGROUND_SCREENSHOT;
  if (screenshot) await page.screenshot({ path: path.resolve(repoRoot, screenshot), fullPage: true });

  // The API key goes along as a Bearer header, to the events stream too (read with fetch, not
  // EventSource); keys are off on this stack, so the master ignores it and answers as before.
  const authorizations: (string | undefined)[] = [];
  await page.route('**/job/*/events', async (route) => {
    authorizations.push(route.request().headers().authorization);
    await route.continue();
  });
  await page.getByText('API key (optional)').click();
  await page.getByLabel('API key, sent as').fill('sk-test-key');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('status').filter({ hasText: /^Done · WRONG_ANSWER · 1\/2 passed · score 1\/2 · \d+ ms$/ }).waitFor({ timeout: 30_000 });
  t.is(await page.locator('#run-mode').innerText(), 'live progress (events)');
  t.deepEqual(await rows.locator('.verdict').allInnerTexts(), ['ACCEPTED', 'WRONG_ANSWER']);
  t.deepEqual(authorizations, ['Bearer sk-test-key']);
  await page.unroute('**/job/*/events');
  await page.getByLabel('API key, sent as').fill('');

  // A refused request shows the API's error, its code and field.
  await page.getByLabel('Input of test 1').fill('x'.repeat(10));
  await page.getByRole('radio', { name: 'Standard input' }).check();
  await language.evaluate((select: HTMLSelectElement) => {
    select.append(new Option('nope', 'no-such-language'));
    select.value = 'no-such-language';
  });
  await page.getByRole('button', { name: 'Run' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.regex(await alert.innerText(), /UNKNOWN_LANGUAGE[\s\S]*no-such-language[\s\S]*Field: language/);
  await page.close();
});

test('the playground judges with a checker program, with points and groups, and shows the scores', async (t) => {
  const { url } = await startStack(t, redis.url);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${url}/`);
  await page.getByLabel('Language', { exact: true }).locator('option[value="python"]').waitFor({ state: 'attached' });

  const editor = page.getByRole('textbox', { name: 'Code' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('print(input())');

  await page.getByRole('button', { name: 'Add test' }).click();
  await page.getByRole('button', { name: 'Add test' }).click();
  await page.getByLabel('Input of test 1').fill('7');
  await page.getByLabel('Expected output of test 1').fill('7');
  await page.getByLabel('Points of test 1').fill('3');
  await page.getByLabel('Group of test 1').fill('easy');
  await page.getByLabel('Input of test 2').fill('5');
  await page.getByLabel('Expected output of test 2').fill('6');
  await page.getByLabel('Points of test 2').fill('2');

  await page.getByLabel('Judged by').selectOption('checker');
  await page.getByLabel('Its language').selectOption('python');
  // Half marks for an answer one off.
  await page.getByLabel('Its code').fill(['import sys', 'got, want = int(open(sys.argv[2]).read()), int(open(sys.argv[3]).read())', 'if got == want: sys.exit(0)', 'print("score 0.5 one off" if abs(got - want) == 1 else "far off")', 'sys.exit(7 if abs(got - want) == 1 else 1)'].join('\n'));
  await page.getByRole('button', { name: 'Run' }).click();

  const status = page.getByRole('status').filter({ hasText: /^Done/ });
  await status.waitFor({ timeout: 60_000 });
  t.regex(await status.innerText(), /^Done · PARTIAL · 1\/2 passed · score 4\/5 · \d+ ms$/);
  const rows = page.locator('table.tests:not(.groups) tbody tr');
  t.deepEqual(await rows.locator('.verdict').allInnerTexts(), ['ACCEPTED', 'PARTIAL']);
  t.deepEqual(await rows.locator('.score').allInnerTexts(), ['3/3', '1/2']);
  t.is(await rows.nth(1).locator('.checker-message').innerText(), 'score 0.5 one off');
  const groups = page.locator('table.groups tbody tr');
  t.deepEqual(await groups.first().locator('th, td').allInnerTexts(), ['easy', '3/3', '1']);
  t.deepEqual(problems, []);
  await page.close();
});
