// Loads pages in headless Chromium (Debian's, through playwright-core) and
// reports what happened on each: the identify calls the vendor stub
// recorded, console errors, uncaught page errors, CSP violations and
// `typeof window.pwned`.
//
//   node browser-tests/driver.mjs [--timeout MS] [--tabs N] URL...
//
// prints one JSON object per URL, one per line, in the order given (N tabs,
// default 2, load the pages; each tab is a browser context of its own). Exit
// status 0 when every page was observed (whatever it showed), 2 when the
// browser could not be started or a page could not be loaded.
//
// Requests to /identity-hmac-stubs/NAME.js on a loopback origin are answered from
// stubs/NAME.js, so a server under test need not serve the stubs; every
// request to a host other than the loopback is refused.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const STUB_PREFIX = '/identity-hmac-stubs/';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Playwright adds --headless and a fresh temporary --user-data-dir itself.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Starts Chromium; close it with `browser.close()`. */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, chromiumSandbox: false });
}

async function serveStub(route, pathname) {
  const name = pathname.slice(STUB_PREFIX.length);
  if (!/^[a-z]+\.js$/.test(name)) return route.fulfill({ status: 404, body: 'no such stub' });
  try {
    const body = await readFile(path.join(here, 'stubs', name));
    return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body });
  } catch {
    return route.fulfill({ status: 404, body: `no stub ${name}` });
  }
}

/**
 * A browser tab for pages under test: a context of its own that serves the
 * stubs and refuses every host but the loopback, and records CSP
 * violations. Visit pages one after another with `visit(url)`; close it with
 * `close()`.
 */
export async function openTab(browser, { timeoutMs = 10000 } = {}) {
  const context = await browser.newContext();
  let seen = null; // what the page being visited shows
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.protocol === 'data:') return route.continue();
    if (!LOOPBACK.has(target.hostname)) {
      if (seen) seen.blockedRequests.push(target.href);
      return route.abort('blockedbyclient');
    }
    if (target.pathname.startsWith(STUB_PREFIX)) return serveStub(route, target.pathname);
    return route.continue();
  });
  // Runs before the page's own scripts and is not subject to its CSP.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI });
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (seen && message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    if (seen) seen.pageErrors.push(String(error && error.message ? error.message : error));
  });

  /**
   * Loads `url` and waits until the vendor stub has booted
   * (`window.__widgetBooted`), or `timeoutMs`. Returns {url, status, booted,
   * calls, consoleErrors, pageErrors, cspViolations, pwned, blockedRequests}.
   */
  async function visit(url) {
    seen = { url, status: null, booted: false, calls: [], consoleErrors: [], pageErrors: [], cspViolations: [], pwned: null, blockedRequests: [] };
    const current = seen;
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
      current.status = response ? response.status() : null;
      try {
        await page.waitForFunction(() => window.__widgetBooted === true, null, { timeout: timeoutMs });
        current.booted = true;
      } catch {
        current.booted = false;
      }
      const found = await page.evaluate(() => ({
        calls: JSON.parse(JSON.stringify(window.__identifyCalls || [])),
        cspViolations: JSON.parse(JSON.stringify(window.__cspViolations || [])),
        pwned: typeof window.pwned,
      }));
      Object.assign(current, found);
      // Leave the page, so that none of its late events is taken for the next one's.
      await page.goto('about:blank');
      return current;
    } finally {
      seen = null;
    }
  }

  return { visit, close: () => context.close() };
}

/** Observes every URL, `tabs` at a time, and returns the results in the order given. */
export async function observeAll(browser, urls, { timeoutMs = 10000, tabs = 2 } = {}) {
  const results = new Array(urls.length);
  let next = 0;
  async function worker() {
    const tab = await openTab(browser, { timeoutMs });
    try {
      while (next < urls.length) {
        const index = next++;
        results[index] = await tab.visit(urls[index]);
      }
    } finally {
      await tab.close();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(tabs, urls.length)) }, worker));
  return results;
}

async function main(argv) {
  let timeoutMs = 10000;
  let tabs = 2;
  const urls = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--timeout') timeoutMs = Number(argv[++i]);
    else if (argv[i] === '--tabs') tabs = Number(argv[++i]);
    else if (argv[i] === '-h' || argv[i] === '--help') {
      process.stdout.write('usage: node driver.mjs [--timeout MS] [--tabs N] URL...\n');
      return 0;
    } else urls.push(argv[i]);
  }
  if (urls.length === 0 || !(timeoutMs > 0) || !(tabs >= 1)) {
    process.stderr.write('usage: node driver.mjs [--timeout MS] [--tabs N] URL...\n');
    return 2;
  }
  const browser = await launch();
  try {
    for (const result of await observeAll(browser, urls, { timeoutMs, tabs })) {
      process.stdout.write(JSON.stringify(result) + '\n');
    }
  } finally {
    await browser.close();
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`driver: ${error && error.message ? error.message : error}\n`);
      process.exit(2);
    },
  );
}
