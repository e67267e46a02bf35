// ns per call of identity-hmac against node:crypto, in the same process.
// Each case alternates rounds of node:crypto and identity-hmac and keeps the
// best round of each, so that load from other processes hits both alike.
// Usage: node bench/bench.mjs <path of the package folder>
// With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
// language (scripts/bench.sh) and appends them to that file as JSON lines.
import { createHmac } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const packageDir = path.resolve(process.argv[2] ?? '.')
const { Signer, sign, verify } = require(packageDir)
// The native classes behind the entry point, for the fast path's own row:
// their generated `sign` method is what Signer.sign would cost without src/fast.rs.
const native = require(path.join(packageDir, 'index.js'))

const KEY = 'your_web_widget_hmac_token'
const MESSAGE = 'user-12345@example.com'
const CALLS = 200_000
const ROUNDS = 9
const BATCH = 1_000_000
const BATCH_ROUNDS = 4

let sink = 0

function time(items, body) {
  const start = process.hrtime.bigint()
  body()
  return Number(process.hrtime.bigint() - start) / items
}

/** Best ns/item of `ours` and of `reference`, measured in alternating rounds. */
function compare(items, rounds, reference, ours) {
  let bestReference = Infinity
  let bestOurs = Infinity
  for (let round = 0; round < rounds; round++) {
    bestReference = Math.min(bestReference, time(items, reference))
    bestOurs = Math.min(bestOurs, time(items, ours))
  }
  return [bestReference, bestOurs]
}

const signer = new Signer(KEY)
const nativeSigner = new native.Signer(KEY)
const hash = signer.sign(MESSAGE)
const nodeCrypto = () => {
  for (let i = 0; i < CALLS; i++) sink += createHmac('sha256', KEY).update(MESSAGE).digest('hex').length
}
const cases = [
  ['Signer.sign', () => { for (let i = 0; i < CALLS; i++) sink += signer.sign(MESSAGE).length }],
  ['Signer.sign without the fast path (the generated method)', () => { for (let i = 0; i < CALLS; i++) sink += nativeSigner.sign(MESSAGE).length }],
  ['sign (one-shot)', () => { for (let i = 0; i < CALLS; i++) sink += sign(KEY, MESSAGE).length }],
  ['Signer.verify', () => { for (let i = 0; i < CALLS; i++) sink += signer.verify(MESSAGE, hash) ? 1 : 0 }],
  ['Signer.verify without the fast path (the generated method)', () => { for (let i = 0; i < CALLS; i++) sink += nativeSigner.verify(MESSAGE, hash) ? 1 : 0 }],
  ['verify (one-shot)', () => { for (let i = 0; i < CALLS; i++) sink += verify(KEY, MESSAGE, hash) ? 1 : 0 }],
]

console.log(`node ${process.version}; ${CALLS} calls x ${ROUNDS} alternating rounds per case, best round each`)
console.log('| case | ns/call | node:crypto ns/call | × node:crypto |')
console.log('|---|---:|---:|---:|')
const perCall = {}
for (const [name, body] of cases) {
  compare(CALLS, 1, nodeCrypto, body) // warm-up
  const [reference, ours] = compare(CALLS, ROUNDS, nodeCrypto, body)
  perCall[name] = ours
  console.log(`| ${name} | ${ours.toFixed(0)} | ${reference.toFixed(0)} | ${(reference / ours).toFixed(1)}× |`)
}
for (const method of ['Signer.sign', 'Signer.verify']) {
  const withoutFastPath = perCall[`${method} without the fast path (the generated method)`]
  console.log(`src/fast.rs makes ${method} ${(withoutFastPath / perCall[method]).toFixed(2)}× as fast as the generated method (kept only at >= 1.3×)`)
}

// Both sides build the array of 1M hashes that a caller gets.
const identifiers = Array.from({ length: BATCH }, (_, i) => `user-${i}@example.com`)
const [reference, ours] = compare(
  BATCH,
  BATCH_ROUNDS,
  () => { sink += identifiers.map((id) => createHmac('sha256', KEY).update(id).digest('hex')).length },
  () => { sink += signer.signMany(identifiers).length },
)
console.log(
  `| Signer.signMany (1M identifiers, vs identifiers.map(createHmac...)) | ${ours.toFixed(0)} | ${reference.toFixed(0)} | ${(reference / ours).toFixed(1)}× |`,
)

// The rows shared by every language's benchmark: the same secret and
// identifiers everywhere, each pair measured in alternating rounds after a
// warm-up round, medians of the rounds.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const medianRatio = (baseline, ours) => median(baseline.map((b, i) => b / ours[i]))

/** ns per item of each case, per round; round 0 is the warm-up. */
function alternate(cases, items, runs) {
  const rounds = cases.map(() => [])
  for (let round = 0; round <= runs; round++) {
    cases.forEach((body, i) => {
      globalThis.gc?.() // the previous case's garbage is not this case's cost (node --expose-gc)
      const ns = time(items, body)
      if (round > 0) rounds[i].push(ns)
    })
  }
  return rounds
}

const jsonPath = process.env.IDENTITY_HMAC_BENCH_JSON
if (jsonPath) {
  const runs = Number(process.env.IDENTITY_HMAC_BENCH_RUNS ?? 7)
  const email = 'user0000001@example.com'
  const longPad = 'x'.repeat(1001) // + an email = 1 KiB
  console.log('')
  for (const [label, pad, calls, batch] of [['email ~20 bytes', '', 50_000, 100_000], ['1 KiB', longPad, 10_000, 10_000]]) {
    const identifier = pad + email
    if (signer.sign(identifier) !== createHmac('sha256', KEY).update(identifier).digest('hex')) throw new Error('mismatch')
    const [base, mine, once] = alternate(
      [
        () => { for (let i = 0; i < calls; i++) sink += createHmac('sha256', KEY).update(identifier).digest('hex').length },
        () => { for (let i = 0; i < calls; i++) sink += signer.sign(identifier).length },
        () => { for (let i = 0; i < calls; i++) sink += sign(KEY, identifier).length },
      ],
      calls,
      runs,
    )
    const identifiers = Array.from({ length: batch }, (_, i) => `${pad}user${String(i).padStart(7, '0')}@example.com`)
    const [baseBatch, mineBatch] = alternate(
      [
        () => { sink += identifiers.map((id) => createHmac('sha256', KEY).update(id).digest('hex')).length },
        () => { sink += signer.signMany(identifiers).length },
      ],
      batch,
      Math.max(3, runs >> 1),
    )
    const row = {
      language: 'Node', stdlib_call: "crypto.createHmac('sha256', key).update(msg).digest('hex')",
      identifier: label, identifier_bytes: Buffer.byteLength(identifier), runs,
      stdlib_ns: median(base), signer_ns: median(mine), ratio: medianRatio(base, mine),
      oneshot_ns: median(once), oneshot_ratio: medianRatio(base, once),
      batch_ns_per_item: median(mineBatch), batch_size: batch,
      stdlib_batch_ns_per_item: median(baseBatch), batch_ratio: medianRatio(baseBatch, mineBatch),
    }
    console.log(`shared row, ${label}: node:crypto ${row.stdlib_ns.toFixed(0)} ns, Signer.sign ${row.signer_ns.toFixed(0)} ns ` +
      `(${row.ratio.toFixed(1)}x), one-shot ${row.oneshot_ratio.toFixed(1)}x, signMany ${row.batch_ns_per_item.toFixed(0)} ns/item ` +
      `(${row.batch_ratio.toFixed(1)}x the createHmac map)`)
    appendFileSync(jsonPath, JSON.stringify(row) + '\n')
  }
}
if (sink === 42) console.log('')
