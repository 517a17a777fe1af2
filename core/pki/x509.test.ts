import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsobarError } from '../errors.js';
import { generalName, ipAddressBytes } from './x509.js';

describe('ipAddressBytes', () => {
  const cases: Array<[string, string]> = [
    ['10.1.2.3', '0a010203'],
    ['::1', '00000000000000000000000000000001'],
    ['fd00::a:1', 'fd0000000000000000000000000a0001'],
    ['2001:db8::', '20010db8000000000000000000000000'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
  ];
  for (const [ip, hex] of cases) it(ip, () => assert.equal(ipAddressBytes(ip).toString('hex'), hex));
});

describe('generalName', () => {
  const cases: Array<[string, string]> = [
    ['isobar', '8206' + Buffer.from('isobar').toString('hex')],
    ['*.example.com', '820d' + Buffer.from('*.example.com').toString('hex')],
    ['127.0.0.1', '87047f000001'],
    ['spiffe://example.com/web', '8618' + Buffer.from('spiffe://example.com/web').toString('hex')],
  ];
  for (const [name, hex] of cases) it(name, () => assert.equal(generalName(name).toString('hex'), hex));

  for (const bad of ['', 'a b', 'under_score.test', '-lead.test', 'a..b', '*', 'x.*.test', 'a'.repeat(64) + '.test', 'spiffe://with space', '://no-scheme']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => generalName(bad), (e: unknown) => e instanceof IsobarError && /neither a DNS name nor an IP address/.test(e.message)));
  }
});
