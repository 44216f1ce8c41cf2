import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/** A certificate for the loopback stand-ins, and the file a child process trusts it from through NODE_EXTRA_CA_CERTS. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  /** PEM file of the certificate: pass it as NODE_EXTRA_CA_CERTS when spawning the bot (Node reads it only at start). */
  readonly caFile: string;
  dispose(): void;
}

/** A self-signed certificate for localhost, 127.0.0.1 and ::1, made fresh by each test run and trusted nowhere else. */
export async function createTestCertificate(): Promise<TestCertificate> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3_600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'signin-tls-'));
  const caFile = join(dir, 'stand-in-ca.pem');
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
