#!/usr/bin/env node
// Checks packaging without downloading anything: builds the Linux app folder, the .deb and the .rpm with
// electron-builder.yml against stand-ins for the Electron binary and for fpm (scripts/packaging/), then
// checks what went in: app.asar, dependencies, the polkit policy, the helper, the `holdfast` command, the
// desktop entry and icons, and that the packaged `holdfast --version` runs. Run `npm run build` first;
// the rpm needs rpmbuild (Debian package `rpm`). The AppImage, dmg and NSIS need tools that
// electron-builder downloads on release machines; their configuration is checked by the unit tests.
//   node scripts/pack-check.mjs
import { linuxPackageProblems } from './packaging/package-checks.mjs';
import { packLinux, runPackagedCli } from './packaging/pack-linux.mjs';

let result;
try {
  result = await packLinux();
} catch (err) {
  console.error(`pack-check: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
try {
  const problems = linuxPackageProblems(result);
  if (result.deb) {
    const cli = runPackagedCli(result.deb.tree, ['--version']);
    const expected = `holdfast ${result.packageJson.version}`;
    if (cli.stdout.trim() !== expected) {
      problems.push(
        `the packaged holdfast --version said "${cli.stdout.trim()}${cli.stderr.trim()}", not "${expected}"`,
      );
    }
  }
  console.log(`pack-check: built ${result.artifacts.filter((f) => /\.(deb|rpm)$/.test(f)).join(', ')}`);
  console.log(`pack-check: app.asar holds ${result.asarFiles.size} entries`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`pack-check: ${p}`);
    process.exitCode = 1;
  } else {
    console.log('pack-check: the deb and the rpm hold what the app needs and depend on what a connection needs');
  }
} finally {
  result.cleanup();
}
