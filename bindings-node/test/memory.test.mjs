// Bounded memory: signMany chunks by bytes and signs large identifiers where
// they lie, and a failed allocation is a RangeError (OUT_OF_MEMORY), never an
// abort of the process.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'

import { Signer } from 'identity-hmac'

import { noChildProcesses } from './helpers.mjs'

const reference = (key, message) => createHmac('sha256', key).update(message).digest('hex')

test('signMany keeps the order across chunks, with large identifiers signed in place', () => {
  const signer = new Signer('k')
  const large = (i) => `${i}`.padEnd(64 * 1024 + (i % 3), String.fromCharCode(97 + (i % 26)))
  // Small ones fill chunks by items (16 384) and by bytes (1 MiB); every 997th is large.
  const identifiers = Array.from({ length: 40_000 }, (_, i) => (i % 997 === 0 ? large(i) : `user-${i}`.repeat(1 + (i % 40))))
  identifiers.push(large(1), large(2), 'last')
  const hashes = signer.signMany(identifiers)
  assert.equal(hashes.length, identifiers.length)
  identifiers.forEach((identifier, i) => assert.equal(hashes[i], reference('k', identifier), `item ${i}`))
  assert.deepEqual(signer.signMany([]), [])
  assert.deepEqual(signer.signMany([large(5)]), [reference('k', large(5))])
})

// A 512 MiB string is made first; then the binding needs a second copy of it.
// Under a limit that leaves room for the first and not the second, the copy
// fails: that must be a RangeError, where an infallible allocation aborted.
const CHILD = `
const { Signer } = require('identity-hmac')
const signer = new Signer('k')
const huge = 'a'.repeat(2 ** 29 - 24)
console.log('ready')
for (const [name, call] of [['sign', () => signer.sign(huge)], ['signMany', () => signer.signMany(['x', huge])],
  ['digest', () => signer.digest(huge)], ['verify', () => signer.verify(huge, 'a'.repeat(64))],
  ['constructor', () => new Signer(huge)]]) {
  try { call(); console.log(name, 'ok') } catch (e) { console.log(name, e instanceof RangeError ? 'RangeError' : 'other', e.code) }
}
`

test('an allocation failure is a RangeError with code OUT_OF_MEMORY, never an abort', { skip: noChildProcesses }, () => {
  const outcomes = []
  for (const limitKiB of [1_500_000, 1_700_000, 2_200_000]) {
    const child = spawnSync('bash', ['-c', `ulimit -v ${limitKiB} && exec node -e "$CHILD"`], {
      env: { ...process.env, CHILD },
      encoding: 'utf8',
      timeout: 120_000,
    })
    const lines = child.stdout.trim().split('\n')
    if (lines[0] !== 'ready') continue // V8 could not even make the string under this limit
    assert.equal(child.status, 0, `limit ${limitKiB} KiB: exit ${child.status} ${child.signal ?? ''}\n${child.stdout}\n${child.stderr.slice(-2000)}`)
    for (const line of lines.slice(1)) {
      assert.match(line, /^\w+ (ok|RangeError OUT_OF_MEMORY)$/, `limit ${limitKiB} KiB`)
      outcomes.push(line.split(' ')[1])
    }
  }
  assert.ok(outcomes.includes('RangeError'), `no limit made the copy fail: ${outcomes.join(', ')}`)
})
