import { request } from '../test/e2e/harness/http-client.js';

export const POLL_EVERY_MS = 2;
const MAX_IN_FLIGHT = 16;
const TIMEOUT_MS = 10_000;

/**
 * Fires a request for `host` at Envoy every POLL_EVERY_MS (at most 16 in flight) until one is answered
 * 200 by the echo backend `backend`; resolves with that moment (performance.now()).
 */
export function firstAnswerFrom(host: string, backend: string, port: number, timeoutMs = TIMEOUT_MS): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let done = false;
    let inFlight = 0;
    const finish = (fn: () => void) => {
      done = true;
      clearInterval(timer);
      fn();
    };
    const fire = () => {
      if (done) return;
      if (performance.now() - started > timeoutMs) return finish(() => reject(new Error(`no answer from ${backend} for ${host} within ${timeoutMs} ms`)));
      if (inFlight >= MAX_IN_FLIGHT) return;
      inFlight++;
      request({ port, host, path: '/', timeoutMs: 2000 })
        .then(
          (res) => {
            if (!done && res.status === 200 && res.headers['x-echo-backend'] === backend) {
              const at = performance.now();
              finish(() => resolve(at));
            }
          },
          () => {},
        )
        .finally(() => inFlight--);
    };
    const timer = setInterval(fire, POLL_EVERY_MS);
    fire();
  });
}
