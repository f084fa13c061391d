// A throwaway self-signed certificate for tests that run a real TLS server on loopback, made by the openssl CLI
// (installed from Debian's packages when missing).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { aptInstall } from './debian-packages.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs the openssl CLI when it is missing; fails saying how to install it when that cannot be done. */
export function ensureOpenssl(): void {
  if (!hasOpenssl()) aptInstall('openssl');
  if (!hasOpenssl())
    throw new Error(
      'This test needs the openssl CLI and could not install it. Install it with `apt-get update && apt-get install -y openssl` (as root).',
    );
}

/** A self-signed certificate (its own CA) for 127.0.0.1 and localhost, valid for a day, written into `folder`. */
export function selfSignedCertificate(folder: string, cn: string): { cert: string; key: string } {
  ensureOpenssl();
  const cert = join(folder, `${cn}-cert.pem`);
  const key = join(folder, `${cn}-key.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
