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

/** Why this machine cannot run a lab journey (printed by the spec, which then skips), or null. */
export async function labJourneySkipReason(): Promise<string | null> {
  if (!existsSync(LAB_MODULE)) return `${LAB_MODULE} does not exist`;
  const { labPrerequisites, BROWSER_BINARIES } = await import('../../scripts/lab-prerequisites.mjs');
  const prereq = labPrerequisites({ extraBinaries: BROWSER_BINARIES });
  return prereq.ok ? null : `missing ${prereq.missing.join(', ')}. ${prereq.hint}`;
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
