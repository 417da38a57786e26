import path from 'node:path';
import { startLab } from './lab';
import { inNs, inNsChecked } from './lab-commands';
import { createLabPki } from './openvpn-pki';
import { labOpenVpnProfile, startOpenVpnServer } from './openvpn-servers';
import { generateOpenVpnConfig } from '../../main/core/tunnel/openvpn/config-generator';

const lab = await startLab({ prefix: 'hfo', servers: 1 });
try {
  const pki = await createLabPki(path.join(lab.dir, 'pki'));
  const { profile, secrets } = await labOpenVpnProfile(pki, 'cbc', { host: '10.200.1.2', port: 1194, proto: 'udp', extra: ['data-ciphers-fallback AES-256-CBC', 'auth SHA256'] });
  console.log(JSON.stringify({ directives: profile.directives, dataCiphers: profile.dataCiphers, fb: profile.dataCiphersFallback, auth: profile.auth, warnings: profile.warnings }, null, 1));
  const cfg = generateOpenVpnConfig(profile, secrets, { interfaceName: 'x', managementSocketPath: '/tmp/x' });
  console.log(cfg.text.split('\n').filter((l) => !/^[A-Za-z0-9+/=-]{20,}$/.test(l)).join('\n'));
  const srv = await startOpenVpnServer(lab, lab.servers[0]!, pki, { subnet: 1, proto: 'udp', port: 1194, certificate: 'ec', dataCiphers: 'AES-256-GCM' });
  console.log((await inNs(lab.servers[0]!.ns, 'ss', ['-lunp'])).stdout);
  await srv.stop();
} finally {
  await lab.stop();
}
