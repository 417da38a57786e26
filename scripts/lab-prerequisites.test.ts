import { describe, expect, it } from 'vitest';
import { labPrerequisites } from './lab-prerequisites.mjs';

describe('labPrerequisites', () => {
  it('names a missing program with its Debian package and the command that installs it', () => {
    const result = labPrerequisites({ extraBinaries: { 'holdfast-no-such-tool': 'holdfast-no-such-package' } });
    expect(result.ok).toBe(false);
    expect(result.missing).toContain('holdfast-no-such-tool (Debian package holdfast-no-such-package)');
    expect(result.hint).toContain('run: sudo npm run setup:test');
  });
});
