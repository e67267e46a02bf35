// signMany's output option: 'hexBuffer' and 'rawBuffer' give one Buffer of
// every hash back to back, equal to node:crypto's hex and digest of each
// identifier, for small, chunk-crossing and parallel-sized batches and for
// identifiers large enough to be signed in place; bad options are TypeErrors.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'

import { Signer } from 'identity-hmac'

const KEY = 'your_web_widget_hmac_token'
const signer = new Signer(KEY)
const hmac = (identifier) => createHmac('sha256', KEY).update(typeof identifier === 'number' || typeof identifier === 'bigint' ? String(identifier) : identifier)

/** Strings, Buffers, numbers, bigints, non-ASCII, and every 997th one of 64 KiB (signed in place). */
function identifiers(size) {
  return Array.from({ length: size }, (_, i) => {
    if (i % 997 === 500) return `${'z'.repeat(64 * 1024)}${i}`
    switch (i % 5) {
      case 0: return i
      case 1: return Buffer.from(`user-${i}@example.com`)
      case 2: return BigInt(i) * 10n ** 30n
      case 3: return `Zoë-${i}-日本`
      default: return `user${String(i).padStart(7, '0')}@example.com`
    }
  })
}

for (const size of [0, 1, 7, 4096, 20_000]) {
  test(`hexBuffer and rawBuffer equal node:crypto, ${size} identifiers`, () => {
    const list = identifiers(size)
    const hex = signer.signMany(list, { output: 'hexBuffer' })
    const raw = signer.signMany(list, { output: 'rawBuffer' })
    assert.ok(Buffer.isBuffer(hex) && Buffer.isBuffer(raw))
    assert.equal(hex.length, 64 * size)
    assert.equal(raw.length, 32 * size)
    assert.ok(hex.equals(Buffer.from(list.map((id) => hmac(id).digest('hex')).join(''), 'latin1')))
    assert.ok(raw.equals(Buffer.concat(list.map((id) => hmac(id).digest()))))
    const strings = signer.signMany(list, { output: 'strings' })
    assert.deepEqual(strings, list.map((id) => hmac(id).digest('hex')))
  })
}

test('absent, null and undefined options and outputs give strings', () => {
  const list = ['a', 'b']
  const expected = list.map((id) => hmac(id).digest('hex'))
  for (const options of [undefined, null, {}, { output: undefined }, { output: null }, { output: 'strings' }]) {
    assert.deepEqual(signer.signMany(list, options), expected, JSON.stringify(options))
  }
})

test('an unknown output or options of the wrong type is a TypeError', () => {
  for (const output of ['hex', 'buffer', 'STRINGS', '', 1, true, {}]) {
    assert.throws(() => signer.signMany(['a'], { output }), {
      name: 'TypeError',
      message: "options.output must be 'strings', 'hexBuffer' or 'rawBuffer' (or absent, null or undefined)",
    })
  }
  for (const options of ['hexBuffer', 1, true]) {
    assert.throws(() => signer.signMany(['a'], options), { name: 'TypeError', message: /^options must be an object/ })
  }
})

test('a bad element is named by its index with a buffer output too', () => {
  for (const output of ['hexBuffer', 'rawBuffer']) {
    assert.throws(() => signer.signMany(['a', 'b', null], { output }), { name: 'TypeError', message: /^identifiers\[2\] must be/ })
  }
})

test('a throwing output getter throws its own error', () => {
  const options = { get output() { throw new RangeError('from the getter') } }
  assert.throws(() => signer.signMany(['a'], options), { name: 'RangeError', message: 'from the getter' })
})
