// ns per call of identity-hmac against node:crypto, in the same process.
// Each case alternates rounds of node:crypto and identity-hmac and keeps the
// best round of each, so that load from other processes hits both alike.
// Usage: node bench/bench.mjs <path of the package folder>
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { Signer, sign, verify } = require(path.resolve(process.argv[2] ?? '.'))

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
const hash = signer.sign(MESSAGE)
const nodeCrypto = () => {
  for (let i = 0; i < CALLS; i++) sink += createHmac('sha256', KEY).update(MESSAGE).digest('hex').length
}
const cases = [
  ['Signer.sign', () => { for (let i = 0; i < CALLS; i++) sink += signer.sign(MESSAGE).length }],
  ['sign (one-shot)', () => { for (let i = 0; i < CALLS; i++) sink += sign(KEY, MESSAGE).length }],
  ['Signer.verify', () => { for (let i = 0; i < CALLS; i++) sink += signer.verify(MESSAGE, hash) ? 1 : 0 }],
  ['verify (one-shot)', () => { for (let i = 0; i < CALLS; i++) sink += verify(KEY, MESSAGE, hash) ? 1 : 0 }],
]

console.log(`node ${process.version}; ${CALLS} calls x ${ROUNDS} alternating rounds per case, best round each`)
console.log('| case | ns/call | node:crypto ns/call | × node:crypto |')
console.log('|---|---:|---:|---:|')
for (const [name, body] of cases) {
  compare(CALLS, 1, nodeCrypto, body) // warm-up
  const [reference, ours] = compare(CALLS, ROUNDS, nodeCrypto, body)
  console.log(`| ${name} | ${ours.toFixed(0)} | ${reference.toFixed(0)} | ${(reference / ours).toFixed(1)}× |`)
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
if (sink === 42) console.log('')
