// Worker thread behind the emulator's synchronous UrlFetchApp: runs HTTP requests (a batch concurrently) and wakes the blocked caller.
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');

const signal = new Int32Array(workerData.signal);
const replyPort = workerData.port;
const MAX_RESPONSE_BYTES = 50 * 1024 * 1024; // Apps Script: URL Fetch response size 50 MB / call
const MAX_REDIRECTS = 10;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function once(req, timeoutMs) {
  return new Promise((resolve) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ error: { code: 'EINVAL', message: 'Invalid argument' } });
      return;
    }
    const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!lib) {
      resolve({ error: { code: 'EPROTO', message: `Unsupported protocol ${url.protocol}` } });
      return;
    }
    const headers = { ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.byteLength);
    const r = lib.request(url, { method: req.method, headers, agent: agents[url.protocol], timeout: timeoutMs }, (res) => {
      const chunks = [];
      let size = 0;
      let tooLarge = false;
      res.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          tooLarge = true;
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      const finish = () => {
        if (tooLarge) {
          resolve({ error: { code: 'ETOOLARGE', message: 'Response too large' } });
          return;
        }
        const pairs = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        const buf = Buffer.concat(chunks);
        const body = new Uint8Array(buf.byteLength);
        body.set(buf);
        resolve({ status: res.statusCode || 0, headers: pairs, body, finalUrl: url.href });
      };
      res.on('end', finish);
      res.on('close', () => {
        if (tooLarge) finish();
      });
      res.on('error', (err) => resolve({ error: { code: err.code || 'EIO', message: err.message } }));
    });
    r.on('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    r.on('error', (err) => resolve({ error: { code: err.code || 'EIO', message: err.message } }));
    if (req.body) r.write(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength));
    r.end();
  });
}

async function perform(req, timeoutMs) {
  let current = req;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await once(current, timeoutMs);
    if (res.error || !req.followRedirects || ![301, 302, 303, 307, 308].includes(res.status)) return res;
    const location = res.headers.find(([k]) => k.toLowerCase() === 'location');
    if (!location) return res;
    const next = new URL(location[1], current.url).href;
    const keepsBody = res.status === 307 || res.status === 308;
    current = {
      ...current,
      url: next,
      method: keepsBody ? current.method : current.method === 'HEAD' ? 'HEAD' : 'GET',
      body: keepsBody ? current.body : undefined,
    };
  }
  return { error: { code: 'EREDIRECT', message: 'Too many redirects' } };
}

parentPort.on('message', async (job) => {
  let responses;
  try {
    responses = await Promise.all(job.requests.map((r) => perform(r, job.timeoutMs)));
  } catch (err) {
    responses = job.requests.map(() => ({ error: { code: 'EIO', message: String(err?.message) } }));
  }
  const transfer = responses.filter((r) => r.body).map((r) => r.body.buffer);
  replyPort.postMessage({ id: job.id, responses }, transfer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
