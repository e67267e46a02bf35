// Random inputs against node:crypto, the reference every published Node
// snippet uses.
import assert from 'node:assert/strict'
import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { test } from 'node:test'

import { Signer, Verifier, sign, verify } from 'identity-hmac'

import { isWellFormed, toWellFormed } from './helpers.mjs'

const ROUNDS = 2000

const reference = (key, message) => createHmac('sha256', key).update(message).digest('hex')

/** A random string of code units, lone surrogates included. */
function randomString(maxLength) {
  const pools = [
    () => String.fromCharCode(randomInt(0x20, 0x7f)), // ASCII
    () => String.fromCharCode(randomInt(0x80, 0x800)), // two UTF-8 bytes
    () => String.fromCharCode(randomInt(0x800, 0xd800)), // three bytes
    () => String.fromCodePoint(randomInt(0x10000, 0x110000)), // surrogate pair
    () => String.fromCharCode(randomInt(0xd800, 0xe000)), // lone surrogate
  ]
  let out = ''
  const length = randomInt(0, maxLength + 1)
  while (out.length < length) out += pools[randomInt(0, pools.length)]()
  return out
}

test('text secrets and string identifiers match createHmac', () => {
  for (let i = 0; i < ROUNDS; i++) {
    let secret = randomString(80)
    if (secret.length === 0) secret = 'k'
    // Lengths around the fast path's 256-byte stack buffer are covered too.
    const identifier = randomString(i % 10 === 0 ? 700 : 120)
    if (!isWellFormed(secret)) {
      // A lone surrogate has no UTF-8 form: such a secret is refused, not
      // silently turned into U+FFFD as hmac.update would.
      assert.throws(() => new Signer(secret), { name: 'IdentityHmacError', code: 'INVALID_TEXT_SECRET' })
      assert.throws(() => sign(secret, identifier), { code: 'INVALID_TEXT_SECRET' })
      secret = toWellFormed(secret)
    }
    const expected = reference(secret, identifier)
    assert.equal(sign(secret, identifier), expected)
    assert.equal(new Signer(secret).sign(identifier), expected)
    assert.equal(verify(secret, identifier, expected), true)
  }
})

test('strings of every length around the stack buffer', () => {
  const signer = new Signer('your_web_widget_hmac_token')
  for (let length = 490; length < 530; length++) {
    for (const filler of ['a', 'é', '€', '😀', '\ud800']) {
      const identifier = 'x'.repeat(length % 4) + filler.repeat(Math.ceil(length / filler.length) / 2)
      assert.equal(signer.sign(identifier), reference('your_web_widget_hmac_token', identifier), `${length} ${filler}`)
    }
  }
})

test('lone surrogates hash as U+FFFD, like hmac.update(str)', () => {
  const signer = new Signer('secret')
  for (const identifier of ['\ud800', 'a\udc00b', '\udbff\udbff', 'x\ud83d', '\ude00😀']) {
    assert.equal(signer.sign(identifier), reference('secret', identifier))
    assert.equal(signer.sign(identifier), signer.sign(Buffer.from(identifier, 'utf8')))
  }
  assert.equal(signer.sign('\ud800'), signer.sign('\ufffd'))
})

test('hex secrets (either case) match createHmac with the decoded key', () => {
  for (let i = 0; i < ROUNDS; i++) {
    const key = randomBytes(randomInt(1, 100))
    const hex = i % 2 ? key.toString('hex') : key.toString('hex').toUpperCase()
    const identifier = randomString(60)
    const expected = reference(key, identifier)
    assert.equal(sign(hex, identifier, { secretEncoding: 'hex' }), expected)
    assert.equal(new Signer(hex, { secretEncoding: 'hex' }).sign(identifier), expected)
    assert.equal(new Signer(key).sign(identifier), expected, 'a Buffer secret is the key bytes')
  }
})

test('Buffer, Uint8Array views, numbers and bigints', () => {
  const key = randomBytes(32)
  const signer = new Signer(key)
  for (let i = 0; i < ROUNDS; i++) {
    const bytes = randomBytes(randomInt(0, 200))
    assert.equal(signer.sign(bytes), reference(key, bytes))
    const start = randomInt(0, bytes.length + 1)
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + start, bytes.length - start)
    assert.equal(signer.sign(view), reference(key, view))
    const integer = randomInt(-(2 ** 46), 2 ** 46) * (i % 3 === 0 ? 31 : 1)
    assert.equal(signer.sign(integer), reference(key, String(integer)))
    const big = BigInt(integer) * 10n ** BigInt(randomInt(0, 40))
    assert.equal(signer.sign(big), reference(key, big.toString()))
  }
  for (const big of [0n, -0n, 2n ** 64n - 1n, 2n ** 64n, -(2n ** 128n) + 1n, 2n ** 128n, -(10n ** 60n), 3n ** 200n]) {
    assert.equal(signer.sign(big), reference(key, big.toString()), big.toString())
  }
  for (const n of [0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1e15]) {
    assert.equal(signer.sign(n), reference(key, String(n)))
  }
})

test('signMany equals sign, for small and parallel-sized batches', () => {
  const signer = new Signer('your_web_widget_hmac_token')
  for (const size of [0, 1, 7, 4095, 4096, 10_000]) {
    const identifiers = Array.from({ length: size }, (_, i) =>
      i % 5 === 0 ? i : i % 5 === 1 ? Buffer.from(`user-${i}`) : i % 5 === 2 ? BigInt(i) : randomString(30),
    )
    const hashes = signer.signMany(identifiers)
    assert.equal(hashes.length, size)
    hashes.forEach((hash, i) => {
      const message = typeof identifiers[i] === 'number' || typeof identifiers[i] === 'bigint' ? String(identifiers[i]) : identifiers[i]
      assert.equal(hash, reference('your_web_widget_hmac_token', message))
    })
  }
})

test('verify: tampered hashes are false, case does not matter', () => {
  const secrets = ['newest', 'older', 'oldest']
  const verifier = new Verifier(secrets)
  assert.equal(verifier.size, 3)
  for (let i = 0; i < 300; i++) {
    const identifier = randomString(40)
    const which = i % 3
    const hash = reference(secrets[which], identifier)
    assert.equal(verifier.matchingKey(identifier, hash), which)
    assert.equal(verifier.verify(identifier, hash.toUpperCase()), true)
    const position = randomInt(0, 64)
    const flipped = hash.slice(0, position) + (hash[position] === '0' ? '1' : '0') + hash.slice(position + 1)
    assert.equal(verifier.verify(identifier, flipped), false)
    assert.equal(verifier.matchingKey(identifier, flipped), null)
  }
})
