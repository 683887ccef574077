// Writes docs/screenshots/sidebar-*.png (one per sidebar panel) and dialog-*.png: the real built pages in headless
// Chromium, served through the bridge to the emulator running dist/Code.js against the sandbox. `npm run screenshots`.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../dev/bridge/chromium';
import { startLocalStack } from '../dev/bridge/local';

const outDir = path.resolve('docs/screenshots');

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const stack = await startLocalStack();
  const browser = await launchChromium();
  try {
    const server = (name: string, arg?: unknown) => stack.emulator.run(name, arg === undefined ? [] : [arg], { mode: 'server' });
    // A realistic state: a verified read-only key, two reports (one rolling, one fixed) and a daily schedule.
    server('cliqtelSaveApiKey', { key: stack.sandbox.keys.readOnly });
    server('cliqtelInsertReport', { kind: 'summary', window: 'this_month', sheetName: 'Usage this month' });
    server('cliqtelInsertReport', { kind: 'by_destination', window: 'last_month', sheetName: 'Destinations last month' });
    server('cliqtelSetSchedule', { frequency: 'daily', hour: 6 });

    const page = await browser.newPage({ viewport: { width: 300, height: 640 }, deviceScaleFactor: 2 });
    await page.goto(stack.pageUrl('Sidebar'));
    await page.waitForSelector('#app[data-ready="true"]');
    const shoot = async (name: string) => {
      await page.mouse.move(299, 639);
      await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
      console.log(`wrote docs/screenshots/${name}.png`);
    };

    await page.click('[data-tab="key"]');
    await shoot('sidebar-key');

    await page.click('[data-tab="numbers"]');
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel('Number type').selectOption('local');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('#panel-numbers tbody tr');
    await shoot('sidebar-numbers');

    await page.click('[data-tab="reports"]');
    await page.waitForSelector('#panel-reports li.report');
    await shoot('sidebar-reports');

    await page.click('[data-tab="schedule"]');
    await shoot('sidebar-schedule');

    // Send SMS: a short list and a previewed template (a preview needs only sms:read; sending needs sms:write).
    const list = stack.emulator.activeSpreadsheet.addSheet('Appointments');
    const rows = [
      ['Name', 'Mobile', 'Appointment'],
      ['Ana Souza', '+4915112345678', 'Tue 16 Jun, 09:30'],
      ['Björn Keller', '+31612345678', 'Tue 16 Jun, 11:00'],
      ['Chloé Martin', '+33612345678', 'Wed 17 Jun, 14:15'],
      ['Dev Patel', '07700 900123', 'Wed 17 Jun, 16:00'],
    ];
    for (const [r, row] of rows.entries()) {
      for (const [c, value] of row.entries()) {
        const cell = list.ensureCell(r + 1, c + 1);
        cell.format = '@';
        cell.value = value;
      }
    }
    await page.click('[data-tab="sms"]');
    await page.waitForSelector('#panel-sms select option', { state: 'attached' });
    const sms = page.locator('#panel-sms');
    await sms.getByLabel('Sheet', { exact: true }).selectOption('Appointments');
    await sms
      .locator('#sms-template')
      .fill('Hi {{Name}}, a reminder of your appointment on {{Appointment}}. Reply STOP to opt out.');
    await sms.getByRole('button', { name: 'Preview' }).click();
    await page.waitForSelector('#panel-sms .sms-samples li');
    await page.evaluate(() => window.scrollTo(0, 0)); // the tab bar is sticky: shoot from the top
    await shoot('sidebar-sms');

    for (const [file, name] of [
      ['dialog-export', 'ExportDialog'],
      ['dialog-report', 'ReportDialog'],
      ['dialog-schedule', 'ScheduleDialog'],
    ]) {
      const dialog = await browser.newPage({ viewport: { width: 400, height: 360 }, deviceScaleFactor: 2 });
      await dialog.goto(stack.pageUrl(name));
      await dialog.waitForSelector('#app[data-ready="true"]');
      await dialog.waitForTimeout(200);
      await dialog.screenshot({ path: path.join(outDir, `${file}.png`), fullPage: true });
      console.log(`wrote docs/screenshots/${file}.png`);
      await dialog.close();
    }
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
