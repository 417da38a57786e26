/**
 * Who does the privileged work (tunnels, routes, DNS, the kill switch, probes) for this run, and what to
 * tell the user when nobody can. Pure: the app and the CLI gather the facts and act on the answer.
 *
 * - in-process: Holdfast runs as root (the CLI under sudo, a server, the lab) and runs the tools itself.
 * - helper: a user's run on Linux, with the helper program found and pkexec or sudo to start it.
 * - none: neither; connecting is refused with the hint, before anything changes.
 */
export type PrivilegedBackendKind = 'in-process' | 'helper' | 'none';

export interface PrivilegedBackendFacts {
  isRoot: boolean;
  platform: string;
  /** The helper program was found and there is a way to start it as root (pkexec or sudo). */
  helperAvailable: boolean;
  /** Why the helper cannot be used, or why its last start failed (plain words, shown to the user). */
  helperProblem?: string;
  /** The hint names what this front door can do: the CLI can be rerun with sudo, the app cannot. */
  front: 'app' | 'cli';
}

export interface PrivilegedBackendChoice {
  kind: PrivilegedBackendKind;
  /** Whether a connect can be expected to work now (AppInfo.privileged). */
  privileged: boolean;
  /** For AppInfo.privilegeHint and the CLI's refusal; null when there is nothing to explain. */
  hint: string | null;
}

export const CLI_NEEDS_ADMIN =
  'Connecting needs administrator rights: run `sudo holdfast connect`, or install the Holdfast helper';

export function choosePrivilegedBackend(facts: PrivilegedBackendFacts): PrivilegedBackendChoice {
  if (facts.isRoot) return { kind: 'in-process', privileged: true, hint: null };
  const why = facts.helperProblem ? ` (${trimPeriod(facts.helperProblem)})` : '';
  if (facts.platform !== 'linux') {
    return {
      kind: 'none',
      privileged: false,
      hint:
        facts.front === 'cli'
          ? `${CLI_NEEDS_ADMIN}.`
          : 'This is a preview for this system: Holdfast connects through a system service that this version does not install yet, so it cannot connect here. Profiles can be imported and organised.',
    };
  }
  if (!facts.helperAvailable) {
    return {
      kind: 'none',
      privileged: false,
      hint:
        facts.front === 'cli'
          ? `${CLI_NEEDS_ADMIN}${why}.`
          : `Connecting needs administrator rights, and the Holdfast helper cannot be started${why}. Install Holdfast from its package (it brings the helper), or connect from a terminal with \`sudo holdfast connect\`.`,
    };
  }
  if (facts.helperProblem) {
    return {
      kind: 'helper',
      privileged: false,
      hint:
        facts.front === 'cli'
          ? `${CLI_NEEDS_ADMIN}${why}.`
          : `Holdfast could not start its network helper${why}. Connecting asks for administrator rights again.`,
    };
  }
  return { kind: 'helper', privileged: true, hint: null };
}

function trimPeriod(text: string): string {
  return text.trim().replace(/\.+$/, '');
}
