// The benchmark floor (src/fast.rs, not API): bench/bench.mjs times it next
// to Signer.sign, so it must keep the same shape: a native Signer and an
// identifier in, a 64-character string out, and sign's type errors.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const installed = path.dirname(require.resolve('identity-hmac/package.json'))
const native = require(path.join(installed, 'index.js'))

test('the benchmark floor returns a 64-character string and converts the identifier as sign does', () => {
  const signer = new native.Signer('your_web_widget_hmac_token')
  const floor = native.__signerSignFloor(signer, 'user-12345@example.com')
  assert.equal(typeof floor, 'string')
  assert.equal(floor.length, 64)
  assert.equal(floor, 'user-12345@example.com'.padEnd(64, '0'))
  assert.equal(native.__signerSignFloor(signer, 'x'.repeat(1024)), 'x'.repeat(64))
  assert.equal(native.__signerSignFloor(signer, 42).length, 64)
  assert.throws(() => native.__signerSignFloor(signer, null), TypeError)
  assert.throws(() => native.__signerSignFloor({}, 'id'), TypeError)
})
