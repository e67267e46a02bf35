// worker_threads: each worker loads the addon into its own environment and
// signs its share of the identifiers; errors thrown there are that
// environment's IdentityHmacError.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'

import { Signer } from 'identity-hmac'

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { IdentityHmacError, Signer } = require('identity-hmac')
const signer = new Signer(workerData.secret, { secretEncoding: 'hex' })
const single = workerData.identifiers.map((id) => signer.sign(id))
const batch = signer.signMany(workerData.identifiers)
let error = null
try { new Signer('not hex', { secretEncoding: 'hex' }) } catch (e) {
  error = { isClass: e instanceof IdentityHmacError, isError: e instanceof Error, code: e.code, hasStack: typeof e.stack === 'string' }
}
parentPort.postMessage({ single, batch, error })
`

function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    // eval workers resolve packages from the current directory: the test project.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

test('workers share the signing of 40 000 identifiers', async () => {
  const secret = 'a1'.repeat(32)
  const identifiers = Array.from({ length: 40_000 }, (_, i) => `user-${i}@example.com`)
  const shares = [identifiers.slice(0, 10_000), identifiers.slice(10_000, 20_000), identifiers.slice(20_000)]
  const results = await Promise.all(shares.map((share) => runWorker({ secret, identifiers: share })))
  const combined = results.flatMap((result) => result.single)
  assert.deepEqual(results.flatMap((result) => result.batch), combined)
  const key = Buffer.from(secret, 'hex')
  combined.forEach((hash, i) => {
    assert.equal(hash, createHmac('sha256', key).update(identifiers[i]).digest('hex'))
  })
  assert.deepEqual(new Signer(secret, { secretEncoding: 'hex' }).signMany(identifiers), combined)
  for (const { error } of results) {
    assert.deepEqual(error, { isClass: true, isError: true, code: 'INVALID_HEX_SECRET', hasStack: true })
  }
})

test('workers can come and go while the main thread keeps signing', async () => {
  const signer = new Signer('main-thread-secret')
  for (let round = 0; round < 3; round++) {
    const pending = runWorker({ secret: 'ff'.repeat(16), identifiers: ['a', 'b'] })
    assert.equal(signer.sign('x'), createHmac('sha256', 'main-thread-secret').update('x').digest('hex'))
    const result = await pending
    assert.equal(result.single.length, 2)
  }
})
