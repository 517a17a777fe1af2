import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { REDACTED, redactJsonText, redactSecrets, redactText } from './redact.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim();
const rsaPem = privateKey.export({ type: "sec1", format: "pem" }).toString().trim();
const body = keyPem.split("\n").slice(1, -1).join("");
const b64 = Buffer.from(keyPem).toString('base64');
const certPem = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';

describe('redactText', () => {
  it('masks whole PEM private key blocks of any label, keeping the text around them', () => {
    const out = redactText(`before ${keyPem} middle ${rsaPem} after`);
    assert.equal(out, `before ${REDACTED} middle ${REDACTED} after`);
  });
  it('masks a block cut short and one inside JSON with escaped line breaks', () => {
    assert.ok(!redactText(`quoted: "${keyPem.slice(0, 80)}..."`).includes(body.slice(0, 20)));
    assert.ok(!redactText(JSON.stringify({ k: keyPem })).includes(body.slice(10, 30)));
  });
  it('masks the base64 of a key, whole or cut, and keeps the base64 of a certificate', () => {
    assert.equal(redactText(`data ${b64} end`), `data ${REDACTED} end`);
    assert.equal(redactText(`"${b64.slice(0, 57)}..."`), `"${REDACTED}..."`);
    const cert64 = Buffer.from(certPem).toString('base64');
    assert.equal(redactText(cert64), cert64);
  });
  it('leaves certificates and ordinary text alone', () => assert.equal(redactText(`${certPem} ok`), `${certPem} ok`));
});

describe('redactSecrets', () => {
  it('masks Envoy key fields and keeps certificates, names and file names', () => {
    const secret = {
      name: 'ns/tls',
      tlsCertificate: { certificateChain: { inlineString: certPem }, privateKey: { inlineString: 'not even PEM' }, password: { inlineBytes: 'cGFzcw==' } },
    };
    const ticket = { sessionTicketKeys: { keys: [{ inlineBytes: 'AAAA' }, { filename: '/keys/t1' }] } };
    const generic = { generic_secret: { secret: { inline_string: 'hunter2' } } };
    const byFile = { privateKey: { filename: '/etc/tls.key' } };
    assert.deepEqual(redactSecrets(secret), { ...secret, tlsCertificate: { certificateChain: { inlineString: certPem }, privateKey: { inlineString: REDACTED }, password: { inlineBytes: REDACTED } } });
    assert.deepEqual(redactSecrets(ticket), { sessionTicketKeys: { keys: [{ inlineBytes: REDACTED }, { filename: '/keys/t1' }] } });
    assert.deepEqual(redactSecrets(generic), { generic_secret: { secret: { inline_string: REDACTED } } });
    assert.deepEqual(redactSecrets(byFile), byFile);
    assert.equal(secret.tlsCertificate.privateKey.inlineString, 'not even PEM', 'the input is not changed');
  });
  it('masks every value of a Kubernetes Secret, keeping its keys and metadata', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: { 'tls.crt': 'Y2VydA==', 'tls.key': b64 }, stringData: { password: 'hunter2' } };
    assert.deepEqual(redactSecrets(s), { ...s, data: { 'tls.crt': REDACTED, 'tls.key': REDACTED }, stringData: { password: REDACTED } });
  });
  it('masks errors (message, stack, cause) and keeps their class', () => {
    const err = new TypeError(`bad ${keyPem}`, { cause: new Error(`inner ${b64}`) });
    const out = redactSecrets(err);
    assert.ok(out instanceof TypeError);
    assert.equal(out.message, `bad ${REDACTED}`);
    assert.ok(!String(out.stack).includes(body.slice(0, 20)));
    assert.equal((out.cause as Error).message, `inner ${REDACTED}`);
  });
  it('survives cycles and masks buffers holding a key', () => {
    const o: Record<string, unknown> = { key: Buffer.from(keyPem) };
    o['self'] = o;
    const out = redactSecrets(o) as Record<string, unknown>;
    assert.equal(out['key'], REDACTED);
    assert.equal(out['self'], out);
  });
  it('re-prints JSON text with the same indentation, valid JSON', () => {
    const text = JSON.stringify({ a: { privateKey: { inlineString: keyPem } }, b: [1] }, null, 2) + '\n';
    assert.equal(redactJsonText(text), JSON.stringify({ a: { privateKey: { inlineString: REDACTED } }, b: [1] }, null, 2) + '\n');
  });
});
