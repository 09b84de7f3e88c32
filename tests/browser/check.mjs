// Opens every lesson page in Debian's headless Chromium and checks it:
//   - every formula (an element with data-formula) produced exactly one <math>,
//     and no <math> stands outside a formula;
//   - no `$` is left in text outside <code>/<pre> (an unrendered $…$ delimiter);
//   - no console error, page error or failed request (pages work offline);
//   - on a 390 px wide phone screen nothing but formulas/tables/code scrolls sideways;
//   - display formulas are laid out as math (`display: block math`), not as a
//     column of boxes (issue 14);
//   - every image loaded (lesson pages point at ../media/, issue 14);
//   - no <script> element and no on* handler attribute anywhere (issue 13).
// Saves a screenshot of one lesson page. Prints "N passed, M failed".
//
// usage: node check.mjs LESSONS_DIR SCREENSHOT.png [PAGE_FOR_SCREENSHOT]
import { chromium } from 'playwright-core';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, screenshot, shotPage = 'optimizers/adam.html'] = process.argv.slice(2);
if (!dir || !screenshot) {
  console.error('usage: node check.mjs LESSONS_DIR SCREENSHOT.png [PAGE]');
  process.exit(2);
}
const root = resolve(dir);
const pages = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.html')) pages.push(p);
  }
})(root);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let passed = 0;
let failed = 0;
let formulas = 0;
try {
  const context = await browser.newContext({ viewport: { width: 900, height: 1400 } });
  for (const file of pages) {
    const name = relative(root, file);
    const problems = [];
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const r = await page.evaluate(() => {
      const placed = [...document.querySelectorAll('[data-formula]')];
      const bad = placed.filter((el) => el.querySelectorAll('math').length !== 1)
        .map((el) => el.getAttribute('data-formula'));
      const stray = [...document.querySelectorAll('math')].filter((m) => !m.closest('[data-formula]')).length;
      const dollars = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement.closest('code, pre, script, style')) continue;
        if (n.nodeValue.includes('$')) dollars.push(n.nodeValue.trim().slice(0, 60));
      }
      const columns = [...document.querySelectorAll('.formula-display math')]
        .filter((m) => getComputedStyle(m).display !== 'block math')
        .map((m) => `${m.closest('[data-formula]').getAttribute('data-formula')}: ${getComputedStyle(m).display}`);
      const broken = [...document.images].filter((i) => !i.complete || i.naturalWidth === 0)
        .map((i) => i.getAttribute('src'));
      const scripts = document.querySelectorAll('script').length;
      const handlers = [...document.querySelectorAll('*')]
        .flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.localName}[${a.name}]`));
      return { formulas: placed.length, maths: document.querySelectorAll('math').length, bad, stray, dollars,
        columns, broken, scripts, handlers };
    });
    if (r.bad.length) problems.push(`formulas without exactly one <math>: ${r.bad.join(', ')}`);
    if (r.stray) problems.push(`${r.stray} <math> outside a formula`);
    for (const d of r.dollars) problems.push(`"$" left in text: ${JSON.stringify(d)}`);
    for (const c of r.columns) problems.push(`display formula not laid out as math: ${c}`);
    for (const b of r.broken) problems.push(`image not loaded: ${b}`);
    if (r.scripts) problems.push(`${r.scripts} <script> element(s)`);
    for (const h of r.handlers) problems.push(`event handler attribute: ${h}`);
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`page is ${overflow}px wider than a 390px phone screen`);
    if (name === shotPage) {
      await page.setViewportSize({ width: 900, height: 1400 });
      await page.screenshot({ path: screenshot });
    }
    await page.close();
    formulas += r.formulas;
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${name}\n  ${problems.join('\n  ')}`);
    } else {
      passed += 1;
      console.log(`ok   ${name}: ${r.formulas} formulas, ${r.maths} <math>`);
    }
  }
} finally {
  await browser.close();
}
if (!pages.some((p) => relative(root, p) === shotPage)) {
  console.log(`FAIL screenshot: no page ${shotPage}`);
  failed += 1;
}
console.log(`${formulas} formulas checked; screenshot ${screenshot}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
