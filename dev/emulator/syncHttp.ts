// Synchronous HTTP for the emulator: blocks on Atomics.wait while httpWorker.cjs performs the requests (TOOLING.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  followRedirects: boolean;
}

export type WireResponse =
  | { status: number; headers: [string, string][]; body: Uint8Array; finalUrl: string; error?: undefined }
  | { error: { code: string; message: string } };

function workerPath(): string {
  const candidates = [
    typeof __dirname === 'string' ? path.join(__dirname, 'httpWorker.cjs') : '',
    path.join(process.cwd(), 'dev', 'emulator', 'httpWorker.cjs'),
  ];
  const found = candidates.find((p) => p && fs.existsSync(p));
  if (!found) throw new Error('emulator: cannot find dev/emulator/httpWorker.cjs');
  return found;
}

/** Blocks the calling thread for ms milliseconds (Utilities.sleep). */
export function blockingSleep(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class SyncHttpClient {
  private worker: Worker;
  private port: MessagePort;
  private signal: Int32Array;
  private nextId = 1;

  constructor() {
    const shared = new SharedArrayBuffer(4);
    this.signal = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerPath(), { workerData: { signal: shared, port: port2 }, transferList: [port2] });
    this.worker.unref();
    this.port.unref();
  }

  /** Sends every request concurrently and blocks until all have answered (or failed at transport level). */
  requestAll(requests: WireRequest[], timeoutMs: number): WireResponse[] {
    const id = this.nextId++;
    Atomics.store(this.signal, 0, 0);
    const transfer = requests.flatMap((r) => (r.body ? [r.body.buffer as ArrayBuffer] : []));
    this.worker.postMessage({ id, requests, timeoutMs }, transfer);
    // The worker enforces timeoutMs per request; the deadline only guards against a dead worker.
    const deadline = Date.now() + timeoutMs * (1 + 2 * 10) + 10000;
    while (Date.now() < deadline) {
      Atomics.wait(this.signal, 0, 0, 1000);
      const msg = receiveMessageOnPort(this.port);
      if (msg) {
        const reply = msg.message as { id: number; responses: WireResponse[] };
        if (reply.id === id) return reply.responses;
      }
    }
    throw new Error('emulator: the HTTP worker did not answer');
  }

  close(): Promise<number> {
    this.port.close();
    return this.worker.terminate();
  }
}
