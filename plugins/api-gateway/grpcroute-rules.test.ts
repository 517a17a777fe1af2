import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { methodPath } from './grpcroute-rules.js';

describe('GRPCRoute method matches as HTTP/2 paths', () => {
  const cases: Array<[string, Parameters<typeof methodPath>[0], ReturnType<typeof methodPath>]> = [
    ['no method match: every call', undefined, { type: 'PathPrefix', value: '/' }],
    ['service and method: that method', { service: 'pkg.Svc', method: 'Get' }, { type: 'Exact', value: '/pkg.Svc/Get' }],
    ['service alone: its methods', { service: 'pkg.Svc' }, { type: 'PathPrefix', value: '/pkg.Svc' }],
    ['method alone: of any service, the dot escaped', { method: 'Get.V2' }, { type: 'RegularExpression', value: '/[^/]+/Get\\.V2' }],
    ['regex parts stay regexes, each grouped', { type: 'RegularExpression', service: 'pkg\\..*', method: 'Get|List' }, { type: 'RegularExpression', value: '/(?:pkg\\..*)/(?:Get|List)' }],
  ];
  for (const [name, match, want] of cases) it(name, () => assert.deepEqual(methodPath(match), want));
});
