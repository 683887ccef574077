// The dashboard as the playground draws it (npm start): Extensions › Cliqtel › Insert dashboard, then the sheet's
// three embedded charts drawn as SVG at their anchors with the dashboard's own figures, next to the KPI block.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../dev/bridge/chromium';
import { TEST_NOW } from '../../../dev/clock';
import { type Playground, startPlayground } from '../../../dev/playground/server';

jest.setTimeout(120_000);

let playground: Playground;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  playground = await startPlayground({ port: 0, baseUrl: null, now: TEST_NOW, sandbox: { cdrCount: 2000 } });
  browser = await launchChromium();
  // A normal laptop window with the sidebar open.
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(playground.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.frameLocator('#sidepanel-frame').locator('#app[data-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Use demo key' }).click();
  await page.frameLocator('#sidepanel-frame').locator('.masked-key').waitFor({ state: 'attached' });
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

test('Insert dashboard from the menu draws its line chart and two bar charts with the sheet’s figures', async () => {
  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Cliqtel', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Insert dashboard' }).click();
  await page.getByRole('tab', { name: 'Dashboard' }).waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  const sheet = playground.emulator.activeSpreadsheet.sheetNamed('Dashboard');
  expect(sheet.charts).toHaveLength(3);
  const [trend, destinations, numbers] = sheet.charts;
  const svg = (id: number) => page.locator(`figure.chart[data-chart-id="${id}"] svg`);
  for (const chart of sheet.charts) {
    await svg(chart.chartId).waitFor();
    await expect(svg(chart.chartId).locator('.chart-title').textContent()).resolves.toBe(chart.options.title);
  }
  // The trend: minutes and cost, one point per day of the 30.
  const points = await svg(trend.chartId)
    .locator('polyline.series')
    .evaluateAll((lines) =>
      lines.map((l) => [l.getAttribute('data-series'), (l.getAttribute('points') ?? '').trim().split(/\s+/).length]),
    );
  expect(points).toEqual([
    ['Minutes', 30],
    ['Cost', 30],
  ]);
  // The bar charts: one bar per entry of the top-10 table beside them.
  const values = sheet.getValues();
  const entries = (first: number) => values.slice(first - 1, first + 9).filter((r) => r[0] !== '').length;
  for (const [chart, first] of [
    [destinations, 16],
    [numbers, 29],
  ] as const) {
    const bars = await svg(chart.chartId).locator('g.series rect').count();
    expect(bars).toBe(entries(first));
    expect(bars).toBeGreaterThan(0);
  }
  // The KPI block and the charts are all within the window: no sideways scrolling to find them.
  const viewport = page.viewportSize()?.width ?? 0;
  for (const chart of sheet.charts) {
    const box = await page.locator(`figure.chart[data-chart-id="${chart.chartId}"]`).boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport);
  }
  const kpi = await page.locator('#grid td[data-r="9"][data-c="5"]').boundingBox();
  expect((kpi?.x ?? viewport) + (kpi?.width ?? 0)).toBeLessThanOrEqual(viewport);
  expect(pageErrors).toEqual([]);
});
