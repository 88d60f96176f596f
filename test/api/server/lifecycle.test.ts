/**
 * Closing: in-flight requests finish, requests arriving on open connections meanwhile get 503
 * in their surface's shape, new connections are refused; the signal handlers close the server
 * then the store.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { installSignalHandlers } from '../../../src/api/server.js';
import { startServer } from './fixture.js';

/** A raw keep-alive connection, so that a second request can arrive while the server closes. */
function rawConnection(baseUrl: string): Promise<{ socket: Socket; received: () => string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(Number(port), hostname, () => {
      resolve({ socket, received: () => data });
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
  });
}

function request(method: string, path: string, headers: Record<string, string> = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('graceful close', () => {
  it('finishes an in-flight request and answers 503 to one arriving meanwhile', async () => {
    const t = await startServer();
    const slow = t.slow;
    const { socket, received } = await rawConnection(t.baseUrl);
    const ended = new Promise<void>((resolve) =>
      socket.on('close', () => {
        resolve();
      }),
    );
    socket.write(request('GET', '/v1/api/slow'));
    await slow.entered;

    let closed = false;
    const closing = t.close().then(() => (closed = true));
    await until(() => t.server.closing, 'closing');
    // A new connection is refused at once.
    await expect(fetch(`${t.baseUrl}/healthz`)).rejects.toThrow();
    // A request on the open connection gets 503 in its surface's shape.
    socket.write(request('GET', '/api/v2/textbots/anything'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);

    slow.open();
    await closing;
    await ended;
    const text = received();
    const first = text.indexOf('HTTP/1.1 200 OK');
    const second = text.indexOf('HTTP/1.1 503');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(text).toContain('{"done":true}');
    const tail = text.slice(second);
    expect(tail.toLowerCase()).toContain('connection: close');
    expect(tail).toContain('"code":"service.unavailable"');
    expect(tail).toContain('"status":503');
  });

  it('answers 503 internal on Studio paths while closing, and closes idle connections', async () => {
    const t = await startServer();
    const { socket, received } = await rawConnection(t.baseUrl);
    const ended = new Promise<void>((resolve) =>
      socket.on('close', () => {
        resolve();
      }),
    );
    socket.write(request('GET', '/v1/api/slow'));
    await t.slow.entered;
    // An idle keep-alive connection must not hold the close up.
    const idle = await rawConnection(t.baseUrl);
    idle.socket.write(request('GET', '/healthz'));
    await until(() => idle.received().includes('{"status":"ok"}'), 'healthz');

    const closing = t.close();
    await until(() => t.server.closing, 'closing');
    socket.write(request('GET', '/v1/bots'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.slow.open();
    await closing;
    await ended;
    expect(idle.socket.destroyed || idle.socket.readableEnded).toBe(true);
    const tail = received().slice(received().indexOf('HTTP/1.1 503'));
    expect(tail).toContain('{"error":{"code":"internal","message":');
  });

  it('closes the server then the store on a signal, and exits 0', async () => {
    const calls: string[] = [];
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const uninstall = installSignalHandlers(
        {
          close: () => {
            calls.push('server');
            return Promise.resolve();
          },
        },
        {
          close: () => {
            calls.push('store');
            return Promise.resolve();
          },
        },
        pino({ level: 'silent' }),
        {
          signals: ['SIGUSR2'],
          exit: (code) => {
            exitCode = code;
            uninstall();
            resolve();
          },
        },
      );
    });
    process.emit('SIGUSR2', 'SIGUSR2');
    await exited;
    expect(calls).toEqual(['server', 'store']);
    expect(exitCode).toBe(0);
  });

  it('forces the exit when closing hangs', async () => {
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const uninstall = installSignalHandlers(
        { close: () => new Promise<void>(() => undefined) },
        { close: () => Promise.resolve() },
        pino({ level: 'silent' }),
        {
          signals: ['SIGUSR2'],
          timeoutMs: 50,
          exit: (code) => {
            exitCode = code;
            uninstall();
            resolve();
          },
        },
      );
    });
    process.emit('SIGUSR2', 'SIGUSR2');
    await exited;
    expect(exitCode).toBe(1);
  });
});
