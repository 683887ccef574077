// package.json's scripts: nothing reaches Apps Script (clasp push) before it has been typechecked, linted and tested.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/harness';

const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;

test('npm run deploy runs typecheck, lint and the tests (which build) before clasp push, each step gating the next', () => {
  const steps = scripts.deploy.split('&&').map((s) => s.trim());
  expect(scripts.deploy).not.toMatch(/;|\|\|/);
  expect(steps.slice(0, -1).sort()).toEqual(['npm run lint', 'npm run typecheck', 'npm test']);
  expect(steps[steps.length - 1]).toBe('clasp push');
  expect(scripts.test.split('&&')[0].trim()).toBe('npm run build');
});
