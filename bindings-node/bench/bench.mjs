// ns per call of identity-hmac against node:crypto, in the same process.
// Each case alternates rounds of node:crypto and identity-hmac and keeps the
// best round of each, so that load from other processes hits both alike.
// Usage: node bench/bench.mjs <path of the package folder>
// With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
// language (scripts/bench.sh) and appends them to that file as JSON lines.
import { createHmac, createSecretKey } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const packageDir = path.resolve(process.argv[2] ?? '.')
const { Signer, TokenVerifier, sign, signToken, verify } = require(packageDir)
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
// The floor of Signer.sign (src/fast.rs, not API): the same wrapper method,
// private field, native unwrap, identifier conversion and 64-character
// result string, without the HMAC.
const signerSignFloor = native.__signerSignFloor
class FloorSigner {
  #native
  constructor(secret) {
    this.#native = new native.Signer(secret)
  }
  sign(identifier) {
    return signerSignFloor(this.#native, identifier)
  }
}
const floorSigner = new FloorSigner(KEY)
// Where Signer.sign's time above the floor goes, per identifier of the shared
// rows: measured with CPU time (process.cpuUsage, alternating loops of the
// two calls), perf samples of a Signer.sign loop, and the core's own bench
// (cargo bench -p identity-hmac --bench sign), Node 20, x86-64 with SHA-NI.
const FLOOR_REST = {
  'email ~20 bytes': "the HMAC: sign - floor was ~120 ns of CPU time, the core's own Signer::sign time for it " +
    "(~130 ns); perf puts ~30% of Signer.sign's samples in SHA-256 (sha2 compress 26%, KeyedState::mac 3%)",
  '1 KiB': 'the HMAC over 1 KiB (18 SHA-256 compressions): sign - floor was ~700 ns of CPU time, and ' +
    "61% of Signer.sign's perf samples are sha2 compress; reading the string (WriteUtf8, 8%) is in the floor too",
}
const FLOOR_CALL = 'Signer.sign without the HMAC (src/fast.rs __signerSignFloor behind the same wrapper method)'
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
{
  const floor = () => { for (let i = 0; i < CALLS; i++) sink += floorSigner.sign(MESSAGE).length }
  const sign = () => { for (let i = 0; i < CALLS; i++) sink += signer.sign(MESSAGE).length }
  compare(CALLS, 1, floor, sign) // warm-up
  const [floorNs, signNs] = compare(CALLS, ROUNDS, floor, sign)
  console.log(`floor: ${FLOOR_CALL} ${floorNs.toFixed(0)} ns; Signer.sign ${signNs.toFixed(0)} ns = ${(signNs / floorNs).toFixed(2)}× the floor (goal <= 1.5×)`)
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
{
  const [reference, ours] = compare(
    BATCH,
    BATCH_ROUNDS,
    () => { sink += identifiers.map((id) => createHmac('sha256', KEY).update(id).digest('hex')).length },
    () => { sink += signer.signMany(identifiers, { output: 'hexBuffer' }).length },
  )
  console.log(
    `| Signer.signMany hexBuffer output (1M identifiers, vs identifiers.map(createHmac...)) | ${ours.toFixed(0)} | ${reference.toFixed(0)} | ${(reference / ours).toFixed(1)}× |`,
  )
}

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
    if (floorSigner.sign(identifier).length !== 64) throw new Error('the floor call lost its shape')
    const [base, mine, once, floor] = alternate(
      [
        () => { for (let i = 0; i < calls; i++) sink += createHmac('sha256', KEY).update(identifier).digest('hex').length },
        () => { for (let i = 0; i < calls; i++) sink += signer.sign(identifier).length },
        () => { for (let i = 0; i < calls; i++) sink += sign(KEY, identifier).length },
        () => { for (let i = 0; i < calls; i++) sink += floorSigner.sign(identifier).length },
      ],
      calls,
      runs,
    )
    const identifiers = Array.from({ length: batch }, (_, i) => `${pad}user${String(i).padStart(7, '0')}@example.com`)
    // signMany's default output (a string per item) and its hexBuffer
    // output (one Buffer of every hash), both against the createHmac map.
    const [baseBatch, mineBatch, bufferBatch] = alternate(
      [
        () => { sink += identifiers.map((id) => createHmac('sha256', KEY).update(id).digest('hex')).length },
        () => { sink += signer.signMany(identifiers).length },
        () => { sink += signer.signMany(identifiers, { output: 'hexBuffer' }).length },
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
      batch_buffer_call: "signMany(ids, { output: 'hexBuffer' })",
      batch_buffer_ns_per_item: median(bufferBatch), batch_buffer_ratio: medianRatio(baseBatch, bufferBatch),
      floor_call: FLOOR_CALL, floor_ns: median(floor), floor_ratio: medianRatio(mine, floor),
      floor_rest: FLOOR_REST[label],
    }
    console.log(`shared row, ${label}: node:crypto ${row.stdlib_ns.toFixed(0)} ns, Signer.sign ${row.signer_ns.toFixed(0)} ns ` +
      `(${row.ratio.toFixed(1)}x), one-shot ${row.oneshot_ratio.toFixed(1)}x, signMany ${row.batch_ns_per_item.toFixed(0)} ns/item ` +
      `(${row.batch_ratio.toFixed(1)}x the createHmac map), hexBuffer ${row.batch_buffer_ns_per_item.toFixed(0)} ns/item ` +
      `(${row.batch_buffer_ratio.toFixed(1)}x)`)
    console.log(`floor, ${label}: ${row.floor_call} ${row.floor_ns.toFixed(0)} ns; Signer.sign = ${row.floor_ratio.toFixed(2)}x the floor ` +
      `(goal <= 1.5x); the rest: ${row.floor_rest}`)
    appendFileSync(jsonPath, JSON.stringify(row) + '\n')
  }
}

// The token rows: an Intercom Messenger security token (HS256, {user_id,
// email}, iat, exp in an hour) signed and verified by identity-hmac and by
// jsonwebtoken and jose (devDependencies of this folder, as the cross-check
// uses them), same claims and secret, alternating rounds, medians.
async function tokenRows(jsonPath, runs) {
  const devRequire = createRequire(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'package.json'))
  const jwt = devRequire('jsonwebtoken')
  const jose = await import(pathToFileURL(devRequire.resolve('jose')).href)
  const versions = Object.fromEntries(['jsonwebtoken', 'jose'].map((name) => [name, devRequire(`${name}/package.json`).version]))
  // nimbus (the JVM row) refuses HMAC keys under 32 bytes, so every token row uses this one.
  const KEY = 'your_intercom_messenger_api_secret'
  const keyBytes = new Uint8Array(Buffer.from(KEY))
  const claims = { user_id: '1234567', email: 'user0000001@example.com' }
  const verifier = new TokenVerifier([KEY])
  const ourToken = signToken(KEY, claims, { expiresIn: 3600 })
  // jsonwebtoken with a string secret (as Intercom's snippet) tries to parse
  // it as an asymmetric key on every call (createPrivateKey/createPublicKey),
  // so it is also timed with a KeyObject made once.
  const keyObject = createSecretKey(Buffer.from(KEY))
  const libraries = [
    {
      name: 'jsonwebtoken', label: 'string secret', calls: 500,
      sign: () => jwt.sign(claims, KEY, { algorithm: 'HS256', expiresIn: 3600 }),
      verify: (token) => jwt.verify(token, KEY, { algorithms: ['HS256'] }),
    },
    {
      name: 'jsonwebtoken', label: 'KeyObject made once', calls: 2_000,
      sign: () => jwt.sign(claims, keyObject, { algorithm: 'HS256', expiresIn: 3600 }),
      verify: (token) => jwt.verify(token, keyObject, { algorithms: ['HS256'] }),
    },
    {
      name: 'jose', label: 'async, awaited per call', calls: 2_000, async: true,
      sign: () => new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('1h').sign(keyBytes),
      verify: (token) => jose.jwtVerify(token, keyBytes, { algorithms: ['HS256'] }).then((result) => result.payload),
    },
  ]
  const timeAsync = async (items, body) => {
    const start = process.hrtime.bigint()
    await body()
    return Number(process.hrtime.bigint() - start) / items
  }
  for (const library of libraries) {
    const theirToken = await library.sign()
    // Each side must accept the other's token with the same claims.
    const mine = verifier.verify(theirToken)
    const theirs = await library.verify(ourToken)
    if (mine.user_id !== claims.user_id || theirs.email !== claims.email || theirs.exp !== theirs.iat + 3600) throw new Error('token mismatch')
    const { calls } = library
    const loop = library.async
      ? (body) => async () => { for (let i = 0; i < calls; i++) sink += (await body()).length ?? 1 }
      : (body) => () => { for (let i = 0; i < calls; i++) sink += body().length ?? 1 }
    const cases = [
      loop(library.sign),
      loop(() => signToken(KEY, claims, { expiresIn: 3600 })),
      loop(() => library.verify(theirToken)),
      loop(() => verifier.verify(theirToken)),
    ]
    const rounds = cases.map(() => [])
    for (let round = 0; round <= runs; round++) {
      for (const [i, body] of cases.entries()) {
        globalThis.gc?.()
        const ns = await timeAsync(calls, body)
        if (round > 0) rounds[i].push(ns)
      }
    }
    const [theirSign, ourSign, theirVerify, ourVerify] = rounds
    const row = {
      table: 'tokens', language: 'Node', library: `${library.name} ${versions[library.name]} (${library.label})`, runs,
      their_sign_ns: median(theirSign), sign_ns: median(ourSign), sign_ratio: medianRatio(theirSign, ourSign),
      their_verify_ns: median(theirVerify), verify_ns: median(ourVerify), verify_ratio: medianRatio(theirVerify, ourVerify),
    }
    console.log(`token row, ${row.library}: sign ${row.their_sign_ns.toFixed(0)} ns vs ours ${row.sign_ns.toFixed(0)} ns ` +
      `(${row.sign_ratio.toFixed(2)}x), verify ${row.their_verify_ns.toFixed(0)} ns vs ours ${row.verify_ns.toFixed(0)} ns (${row.verify_ratio.toFixed(2)}x)`)
    appendFileSync(jsonPath, JSON.stringify(row) + '\n')
  }
}
if (jsonPath) await tokenRows(jsonPath, Number(process.env.IDENTITY_HMAC_BENCH_RUNS ?? 7))
if (sink === 42) console.log('')
