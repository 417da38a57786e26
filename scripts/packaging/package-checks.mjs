// What the Linux packages must hold, checked against what pack-linux.mjs built. One list of problems in
// plain words (empty when all is well), shared by `node scripts/pack-check.mjs` and the tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const APP_DIR = '/opt/Holdfast';
export const HELPER_WRAPPER = `${APP_DIR}/resources/holdfast-helper`;
export const POLKIT_POLICY = '/usr/share/polkit-1/actions/org.holdfast.helper.policy';
export const CLI_COMMAND = '/usr/bin/holdfast';
export const DESKTOP_ENTRY = '/usr/share/applications/holdfast-desktop.desktop';
export const PACKAGED_CLI = `${APP_DIR}/resources/app.asar.unpacked/out/cli/holdfast.mjs`;
export const PACKAGED_HELPER = `${APP_DIR}/resources/app.asar.unpacked/out/helper/helper-main.mjs`;

/** Each program a connection needs, as the package that brings it on Debian and on Fedora. */
export const RUNTIME_PACKAGES = {
  deb: ['openvpn', 'wireguard-tools', 'iproute2', 'nftables', 'iputils-ping', 'pkexec | policykit-1'],
  rpm: ['openvpn', 'wireguard-tools', 'iproute', 'nftables', 'iputils', 'polkit'],
};

const REQUIRED_FILES = [
  { path: `${APP_DIR}/holdfast-desktop`, executable: true },
  { path: HELPER_WRAPPER, executable: true },
  { path: CLI_COMMAND, executable: true },
  { path: POLKIT_POLICY },
  { path: DESKTOP_ENTRY },
  { path: '/usr/share/icons/hicolor/512x512/apps/holdfast-desktop.png' },
  { path: `${APP_DIR}/resources/app.asar` },
  { path: PACKAGED_CLI },
  { path: PACKAGED_HELPER },
];

const ASAR_FILES = [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/assets/icon.png',
  '/assets/tray/connected-32.png',
  '/assets/tray/connectedTemplate@2x.png',
];

function checkFiles(kind, files, problems) {
  for (const required of REQUIRED_FILES) {
    const entry = files.find((f) => f.path === required.path);
    if (!entry) problems.push(`${kind}: ${required.path} is missing`);
    else if (entry.owner !== 'root' && !entry.owner.startsWith('root/')) {
      problems.push(`${kind}: ${required.path} is owned by ${entry.owner}, not root`);
    } else if (/^.....w|^........w/.test(entry.mode)) {
      // pkexec runs the helper only from a file no one but root can change.
      problems.push(`${kind}: ${required.path} is writable by others than root (${entry.mode})`);
    } else if (required.executable && entry.mode[3] !== 'x') {
      problems.push(`${kind}: ${required.path} is not executable (${entry.mode})`);
    }
  }
}

/** The polkit policy must name exactly the wrapper the package installs. */
function checkPolicy(tree, problems) {
  const policy = readFileSync(path.join(tree, POLKIT_POLICY), 'utf8');
  const exec = /key="org\.freedesktop\.policykit\.exec\.path">([^<]+)</.exec(policy)?.[1];
  if (exec !== HELPER_WRAPPER) problems.push(`deb: the polkit policy allows ${exec}, not ${HELPER_WRAPPER}`);
}

function checkDesktopEntry(tree, problems) {
  const entry = readFileSync(path.join(tree, DESKTOP_ENTRY), 'utf8');
  for (const line of [`Exec=${APP_DIR}/holdfast-desktop %U`, 'Icon=holdfast-desktop', 'Categories=Network;']) {
    if (!entry.split('\n').includes(line)) problems.push(`deb: the desktop entry lacks ${line}`);
  }
}

export function linuxPackageProblems(result) {
  const problems = [];
  for (const file of ASAR_FILES) if (!result.asarFiles.has(file)) problems.push(`${file} is not in app.asar`);
  const pkg = result.packageJson;
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (!result.asarFiles.has(`/node_modules/${dep}/package.json`))
      problems.push(`dependency ${dep} is not in app.asar`);
  }
  // Dev-only packages (the renderer's React is bundled, tools are not needed) must stay out.
  for (const dep of Object.keys(pkg.devDependencies ?? {})) {
    if (result.asarFiles.has(`/node_modules/${dep}/package.json`)) problems.push(`dev dependency ${dep} was packed`);
  }
  for (const file of result.asarFiles) {
    if (/\.map$/.test(file) && !file.startsWith('/node_modules/')) problems.push(`source map ${file} was packed`);
    if (/^\/(main|preload|renderer\/src|e2e|scripts|packaging)\//.test(file))
      problems.push(`source file ${file} was packed`);
  }

  if (!result.deb) problems.push('no .deb was built');
  else {
    const { fields, entries, tree } = result.deb;
    const depends = (fields.Depends ?? '').split(',').map((d) => d.trim());
    for (const dep of RUNTIME_PACKAGES.deb) if (!depends.includes(dep)) problems.push(`deb: does not depend on ${dep}`);
    if (fields.Version !== pkg.version)
      problems.push(`deb: version ${fields.Version}, package.json says ${pkg.version}`);
    checkFiles('deb', entries, problems);
    if (existsSync(path.join(tree, POLKIT_POLICY))) checkPolicy(tree, problems);
    if (existsSync(path.join(tree, DESKTOP_ENTRY))) checkDesktopEntry(tree, problems);
  }

  if (!result.rpm) problems.push('no .rpm was built');
  else {
    for (const dep of RUNTIME_PACKAGES.rpm)
      if (!result.rpm.requires.includes(dep)) problems.push(`rpm: does not require ${dep}`);
    if (result.rpm.name !== `holdfast ${pkg.version}`) problems.push(`rpm: is ${result.rpm.name}`);
    const files = result.rpm.files.map((line) => {
      const [mode, owner, ...rest] = line.split(' ');
      return { mode, owner, path: rest.join(' ') };
    });
    checkFiles('rpm', files, problems);
  }
  return problems;
}
