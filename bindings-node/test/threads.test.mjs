// 8 worker_threads sign 100 000 identifiers each at the same time, every hash
// checked against node:crypto. JavaScript objects cannot cross isolates, so
// "sharing one Signer" means each worker builds its Signer from the one shared
// secret and takes its share of the work; the addon is loaded once per process.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'

const WORKERS = 8
const PER_WORKER = 100_000
const SECRET = 'worker-threads-shared-secret'

/** The i-th identifier of a worker; every fifth is a number, to cross the integer path too. */
function identifierOf(worker, i, perWorker) {
  return i % 5 === 0 ? worker * perWorker + i : `user-${worker}-${i}@example.com`
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { Signer } = require('identity-hmac')
${identifierOf.toString()}
const signer = new Signer(workerData.secret)
const hashes = new Array(workerData.count)
for (let i = 0; i < workerData.count; i++) hashes[i] = signer.sign(identifierOf(workerData.worker, i, workerData.count))
parentPort.postMessage(hashes)
`

function runWorker(worker) {
  return new Promise((resolve, reject) => {
    // eval workers resolve packages from the current directory: the test project.
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { worker, count: PER_WORKER, secret: SECRET } })
    thread.once('message', resolve)
    thread.once('error', reject)
    thread.once('exit', (code) => reject(new Error(`worker ${worker} exited with ${code} before answering`)))
  })
}

test(`${WORKERS} worker threads sign ${PER_WORKER} identifiers each, all equal to node:crypto`, async () => {
  const results = await Promise.all(Array.from({ length: WORKERS }, (_, worker) => runWorker(worker)))
  assert.equal(results.length, WORKERS)
  results.forEach((hashes, worker) => {
    assert.equal(hashes.length, PER_WORKER)
    for (let i = 0; i < PER_WORKER; i++) {
      const identifier = identifierOf(worker, i, PER_WORKER)
      const expected = createHmac('sha256', SECRET).update(String(identifier)).digest('hex')
      if (hashes[i] !== expected) assert.fail(`worker ${worker}, identifier ${identifier}: ${hashes[i]} != ${expected}`)
    }
  })
})
