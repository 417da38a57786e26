import { promises as fs } from 'node:fs';
import path from 'node:path';
import { hostChecked } from './lab-commands';

/**
 * A throwaway PKI for the OpenVPN lab, made at test time with `openssl` and `openvpn --genkey`:
 * an EC P-256 CA, EC P-256 and RSA-2048 server certificates, a client certificate and a tls-crypt key.
 * Nothing here is ever used outside one lab run.
 */
export interface LabPki {
  dir: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  tlsCryptKey: string;
  /** Paths for server configs. */
  files: {
    ca: string;
    serverEcCert: string;
    serverEcKey: string;
    serverRsaCert: string;
    serverRsaKey: string;
    tlsCrypt: string;
  };
}

const EXTENSIONS = `[server]
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment,keyAgreement
extendedKeyUsage=serverAuth
[client]
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyAgreement
extendedKeyUsage=clientAuth
`;

async function openssl(args: string[]): Promise<void> {
  await hostChecked('openssl', args);
}

async function newKey(file: string, kind: 'ec' | 'rsa'): Promise<void> {
  const options =
    kind === 'ec'
      ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  await openssl(['genpkey', ...options, '-out', file]);
  await fs.chmod(file, 0o600);
}

async function issue(dir: string, name: string, kind: 'ec' | 'rsa', profile: 'server' | 'client'): Promise<void> {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  await newKey(key, kind);
  await openssl(['req', '-new', '-key', key, '-out', csr, '-subj', `/CN=lab-${name}`]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    path.join(dir, 'ca.crt'),
    '-CAkey',
    path.join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    path.join(dir, `${name}.crt`),
    '-extfile',
    path.join(dir, 'ext.cnf'),
    '-extensions',
    profile,
  ]);
}

export async function createLabPki(dir: string): Promise<LabPki> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(dir, 'ext.cnf'), EXTENSIONS);
  await newKey(path.join(dir, 'ca.key'), 'ec');
  await openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path.join(dir, 'ca.key'),
    '-days',
    '2',
    '-subj',
    '/CN=lab-ca',
    '-out',
    path.join(dir, 'ca.crt'),
  ]);
  await issue(dir, 'server-ec', 'ec', 'server');
  await issue(dir, 'server-rsa', 'rsa', 'server');
  await issue(dir, 'client', 'ec', 'client');
  const tlsCrypt = path.join(dir, 'tls-crypt.key');
  await hostChecked('openvpn', ['--genkey', 'tls-crypt', tlsCrypt]);
  const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8');
  return {
    dir,
    caCert: await read('ca.crt'),
    clientCert: await read('client.crt'),
    clientKey: await read('client.key'),
    tlsCryptKey: await read('tls-crypt.key'),
    files: {
      ca: path.join(dir, 'ca.crt'),
      serverEcCert: path.join(dir, 'server-ec.crt'),
      serverEcKey: path.join(dir, 'server-ec.key'),
      serverRsaCert: path.join(dir, 'server-rsa.crt'),
      serverRsaKey: path.join(dir, 'server-rsa.key'),
      tlsCrypt,
    },
  };
}
