// Writes docs/screenshots/playground.png: the playground (npm start) after "Use demo key", with a formula selected;
// then dashboard.png next to it: Extensions › Cliqtel › Insert dashboard, as the playground draws it (charts as SVG).
// Run after a build: `npm run build && tsx scripts/playground-screenshot.ts [output.png]`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../dev/bridge/chromium';
import { TEST_NOW } from '../dev/clock';
import { startPlayground } from '../dev/playground/server';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length > 1) {
    console.log(
      'Usage: tsx scripts/playground-screenshot.ts [output.png]   (default docs/screenshots/playground.png; build first)',
    );
    process.exit(values.help ? 0 : 2);
  }
  const output = path.resolve(positionals[0] ?? path.join('docs', 'screenshots', 'playground.png'));
  // A fixed seed and "now" make the picture the same on every run.
  const playground = await startPlayground({ port: 0, baseUrl: null, now: TEST_NOW, sandbox: { seed: 42 } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 860 } });
    await page.goto(playground.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.frameLocator('#sidepanel-frame').locator('#app[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: 'Use demo key' }).click();
    await page.waitForFunction(() => !document.querySelector('#grid td.err'));
    const sidebar = page.frameLocator('#sidepanel-frame');
    await sidebar.locator('.masked-key').waitFor({ state: 'attached' });
    await sidebar.getByRole('tab', { name: 'API key' }).click();
    await page.locator('#grid td[data-r="12"][data-c="1"]').click();
    await page
      .locator('.toast')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    await page.screenshot({ path: output });
    console.log(`Wrote ${path.relative(process.cwd(), output)}`);

    // The dashboard, drawn in a normal laptop window next to the sidebar.
    await page.getByRole('button', { name: 'Extensions' }).click();
    await page.getByRole('menuitem', { name: 'Cliqtel', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Insert dashboard' }).click();
    await page.getByRole('tab', { name: 'Dashboard' }).click({ timeout: 60_000 });
    await page.locator('figure.chart svg').nth(2).waitFor();
    await page
      .locator('.toast')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    const dashboard = path.join(path.dirname(output), 'dashboard.png');
    await page.screenshot({ path: dashboard });
    console.log(`Wrote ${path.relative(process.cwd(), dashboard)}`);
  } finally {
    await browser.close();
    await playground.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
