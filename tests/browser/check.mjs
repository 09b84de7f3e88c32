// Opens every lesson page in Debian's headless Chromium and checks it:
//   - every formula (an element with data-formula) produced exactly one <math>,
//     and no <math> stands outside a formula;
//   - no `$` is left in text outside <code>/<pre> (an unrendered $…$ delimiter);
//   - no console error, page error or failed request (pages work offline);
//   - on a 390 px wide phone screen nothing but formulas/tables/code scrolls sideways;
//   - display formulas are laid out as math (`display: block math`), not as a
//     column of boxes (issue 14), measured as a reader sees them: every
//     one-row display formula (no <mtable>) draws wider than tall and about
//     one line high (at most ONE_LINE_EMS of its font size);
//   - no <merror> (a construct MathML could not lay out), and no raw LaTeX
//     (`\frac`, `\begin{`, `$$`) left in text outside <code>/<pre>;
//   - every image loaded (lesson pages point at ../media/, issue 14);
//   - no <script> element and no on* handler attribute anywhere (issue 13).
// Saves a screenshot of one lesson page, and of every page into SHOTS_DIR
// when given (the CI artefact). Prints "N passed, M failed".
//
// usage: node check.mjs LESSONS_DIR SCREENSHOT.png [PAGE_FOR_SCREENSHOT] [SHOTS_DIR]
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The tallest one-row display formula of the sample vault (a display \sum
// with limits beside a \frac) is 3.2 em; a column of boxes is tens of em.
const ONE_LINE_EMS = 4;

const [dir, screenshot, shotPage = 'optimizers/adam.html', shotsDir] = process.argv.slice(2);
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
let rows = 0;
let images = 0;
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
    const r = await page.evaluate((ONE_LINE) => {
      const placed = [...document.querySelectorAll('[data-formula]')];
      const bad = placed.filter((el) => el.querySelectorAll('math').length !== 1)
        .map((el) => el.getAttribute('data-formula'));
      const stray = [...document.querySelectorAll('math')].filter((m) => !m.closest('[data-formula]')).length;
      const dollars = [];
      const latex = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement.closest('code, pre, script, style')) continue;
        const text = n.nodeValue;
        if (text.includes('$')) dollars.push(text.trim().slice(0, 60));
        if (/\\frac|\\begin\{|\$\$/.test(text)) latex.push(text.trim().slice(0, 60));
      }
      const merrors = document.querySelectorAll('merror').length;
      // What a reader sees: the drawn extent of the formula's contents.
      const tall = [];
      let measured = 0;
      for (const m of document.querySelectorAll('.formula-display math')) {
        if (m.querySelector('mtable')) continue;
        const range = document.createRange();
        range.selectNodeContents(m);
        const box = range.getBoundingClientRect();
        const em = parseFloat(getComputedStyle(m).fontSize);
        measured += 1;
        if (!(box.width > box.height) || box.height > ONE_LINE * em) {
          const id = m.closest('[data-formula]').getAttribute('data-formula');
          tall.push(`${id}: ${box.width.toFixed(0)}×${box.height.toFixed(0)} px at ${em}px/em`);
        }
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
        latex, merrors, tall, measured, columns, broken, scripts, handlers, images: document.images.length };
    }, ONE_LINE_EMS);
    if (r.bad.length) problems.push(`formulas without exactly one <math>: ${r.bad.join(', ')}`);
    if (r.stray) problems.push(`${r.stray} <math> outside a formula`);
    for (const d of r.dollars) problems.push(`"$" left in text: ${JSON.stringify(d)}`);
    for (const l of r.latex) problems.push(`raw LaTeX left in text: ${JSON.stringify(l)}`);
    if (r.merrors) problems.push(`${r.merrors} <merror> element(s)`);
    for (const c of r.tall) problems.push(`one-row display formula not drawn as one row: ${c}`);
    for (const c of r.columns) problems.push(`display formula not laid out as math: ${c}`);
    for (const b of r.broken) problems.push(`image not loaded: ${b}`);
    if (r.scripts) problems.push(`${r.scripts} <script> element(s)`);
    for (const h of r.handlers) problems.push(`event handler attribute: ${h}`);
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`page is ${overflow}px wider than a 390px phone screen`);
    if (name === shotPage || shotsDir) {
      await page.setViewportSize({ width: 900, height: 1400 });
      if (name === shotPage) await page.screenshot({ path: screenshot });
      if (shotsDir) {
        const shot = join(shotsDir, name.replace(/\.html$/, '.png'));
        mkdirSync(dirname(shot), { recursive: true });
        await page.screenshot({ path: shot });
      }
    }
    await page.close();
    formulas += r.formulas;
    rows += r.measured;
    images += r.images;
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${name}\n  ${problems.join('\n  ')}`);
    } else {
      passed += 1;
      console.log(`ok   ${name}: ${r.formulas} formulas, ${r.maths} <math>, ${r.measured} one-row display measured, ${r.images} images`);
    }
  }
} finally {
  await browser.close();
}
if (!pages.some((p) => relative(root, p) === shotPage)) {
  console.log(`FAIL screenshot: no page ${shotPage}`);
  failed += 1;
}
console.log(`${formulas} formulas checked (${rows} one-row display formulas measured), ${images} images; screenshot ${screenshot}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
