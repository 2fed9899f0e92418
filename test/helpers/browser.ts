/**
 * Debian's headless Chromium driven by playwright-core (which downloads no
 * browser of its own). A missing chromium fails the test; .ci/run installs it.
 * Chromium runs without its sandbox: CI runs as root, where the sandbox cannot
 * start. Each test file launches one browser and reuses it.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { requireTool } from './tools.js';

export async function launchChromium(): Promise<Browser> {
  const executablePath = requireTool('chromium');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'], timeout: 120_000 });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG checks on the open page; the page's own CSP must let the test script in (bypassCSP). */
export async function runAxe(page: Page): Promise<{ violations: AxeViolation[]; passes: number }> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })), passes: r.passes.length };
  });
}
