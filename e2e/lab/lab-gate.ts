import { checkPrerequisites } from '../../scripts/lab-prerequisites.mjs';

/**
 * The lab project's global setup: the lab suites run only where everything they need is present, and a machine
 * without it fails the run with what is missing and the fix, instead of skipping suites quietly.
 * HOLDFAST_LAB_GATE=list lets `vitest list` count the lab tests on any machine (npm test reports them when the
 * lab is skipped).
 */
export default function labGate(): void {
  if (process.env.HOLDFAST_LAB_GATE === 'list') return;
  const result = checkPrerequisites({ suites: ['lab'] });
  if (!result.ok) throw new Error(`${result.message}\n(or set HOLDFAST_SKIP_LAB=1 with npm test to skip the lab)`);
}
