import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Lab, LabOptions } from '../lab/lab';
import { CHROMIUM_ARGS } from './chromium';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { writeNetnsChromium } from './netns-chromium';

/**
 * The pieces of a browser journey through the network lab: the lab, the real core in the harness and
 * Chromium, both inside the lab's client namespace. Shared by the lab specs (connect, failover).
 */
const LAB_MODULE = path.resolve(import.meta.dirname, '../lab/lab.ts');

/**
 * Null when this machine can run a lab journey. Where it cannot, the journey fails naming what is missing and
 * the fix; only HOLDFAST_SKIP_LAB=1 turns that into a skip (with the reason, which the report counts).
 */
export async function labJourneySkipReason(): Promise<string | null> {
  if (!existsSync(LAB_MODULE)) return `${LAB_MODULE} does not exist`;
  const { checkPrerequisites } = await import('../../scripts/lab-prerequisites.mjs');
  const prereq = checkPrerequisites({ suites: ['lab', 'browser'] });
  if (prereq.ok) return null;
  if (process.env.HOLDFAST_SKIP_LAB === '1') return `HOLDFAST_SKIP_LAB=1 (${prereq.missing.join(', ')})`;
  throw new Error(`${prereq.message}\n(or set HOLDFAST_SKIP_LAB=1 to skip the lab journeys)`);
}

export class LabJourney {
  lab: Lab | undefined;
  harness: HarnessProcess | undefined;
  browser: Browser | undefined;
  workDir: string | undefined;

  /** Starts each piece in turn; whatever started before a failure is still stopped by stop(). */
  async start(options: LabOptions): Promise<void> {
    const { startLab } = await import('../lab/lab');
    this.lab = await startLab(options);
    this.workDir = await mkdtemp(path.join(tmpdir(), `${options.prefix}-journey-`));
    this.harness = await startHarnessProcess({ dataDir: path.join(this.workDir, 'data'), netns: this.lab.clientNs });
    this.browser = await chromium.launch({
      executablePath: await writeNetnsChromium(this.workDir, this.lab.clientNs),
      args: CHROMIUM_ARGS,
    });
  }

  /** Browser, harness (which disconnects), lab, temporary folder; safe after a partial start or twice. */
  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.harness?.stop();
    await this.lab?.stop();
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
    this.browser = undefined;
    this.harness = undefined;
    this.lab = undefined;
    this.workDir = undefined;
  }
}
