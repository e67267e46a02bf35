// Presets: identify and identifyScript against node:crypto, the hostile
// user of browser-tests/fixture.json, the error codes, and the lists that
// index.d.ts declares compared with the core's.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'

import { IdentityHmacError, identify, identifyScript, widgets } from 'identity-hmac'

import { repoRoot } from './helpers.mjs'

const require = createRequire(import.meta.url)
const installed = path.dirname(require.resolve('identity-hmac/package.json'))
const native = require(path.join(installed, 'index.js'))
const dts = readFileSync(path.join(installed, 'index.d.ts'), 'utf8')
const fixture = JSON.parse(readFileSync(path.join(repoRoot(), 'browser-tests', 'fixture.json'), 'utf8'))
// The identifier is above 2^53: read its digits exactly, as a bigint.
const idDigits = readFileSync(path.join(repoRoot(), 'browser-tests', 'fixture.json'), 'utf8').match(/"identifier":\s*(\d+)/)[1]
const user = { ...fixture.user, identifier: BigInt(idDigits) }
const CANARY = 'zq-SECRET-CANARY-7f3a'

const hmac = (key, value) => createHmac('sha256', key).update(value).digest('hex')

function literals(typeName) {
  const body = dts.match(new RegExp(`^export type ${typeName} =\\n((?:  \\| '[^']+'\\n)+)`, 'm'))
  assert.ok(body, `index.d.ts declares ${typeName} as a literal union`)
  return [...body[1].matchAll(/'([^']+)'/g)].map((match) => match[1])
}

test('Widget of index.d.ts and widgets are the core list', () => {
  assert.deepEqual([...widgets], native.__widgets())
  assert.deepEqual(literals('Widget'), native.__widgets())
  assert.equal(widgets.length, 10)
  assert.ok(Object.isFrozen(widgets))
})

test('IdentityHmacErrorCode of index.d.ts is every core code a Node call can throw', () => {
  // OUT_OF_MEMORY is a RangeError; MALFORMED_HASH and MISMATCH are never thrown (verify returns false).
  const notThrown = ['OUT_OF_MEMORY', 'MALFORMED_HASH', 'MISMATCH']
  assert.deepEqual(literals('IdentityHmacErrorCode'), native.__errorCodes().filter((code) => !notThrown.includes(code)))
})

test('User of index.d.ts has the core user fields', () => {
  const body = dts.match(/^export interface User \{\n([\s\S]*?)\n\}/m)[1]
  assert.deepEqual([...body.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]), native.__userFields())
})

test('identify: every hash preset against node:crypto, fields in the call order', () => {
  const id = idDigits
  const key = (preset) => (preset === 'pylon' ? Buffer.from(fixture.secrets.pylon, 'hex') : fixture.secrets[preset])
  const expected = {
    chatwoot: { identifier: id, email: user.email, name: user.name, identifier_hash: hmac(key('chatwoot'), id) },
    pylon: { email: user.email, name: user.name, email_hash: hmac(key('pylon'), user.email) },
    intercom: { user_id: id, email: user.email, name: user.name, user_hash: hmac(key('intercom'), id) },
    helpscout: { name: user.name, email: user.email, signature: hmac(key('helpscout'), user.email) },
    front: { email: user.email, name: user.name, userHash: hmac(key('front'), user.email) },
    plain: { email: user.email, emailHash: hmac(key('plain'), user.email), fullName: user.name },
    chatbase: { user_id: id, user_hash: hmac(key('chatbase'), id), name: user.name, email: user.email },
    gleap: { userId: id, name: user.name, email: user.email, userHash: hmac(key('gleap'), id) },
  }
  for (const [preset, fields] of Object.entries(expected)) {
    const got = identify(preset, fixture.secrets[preset], user)
    assert.deepEqual(got, fields, preset)
    assert.deepEqual(Object.keys(got), Object.keys(fields), `${preset}: order`)
  }
  // A safe-integer number is its decimal string too; Buffer secrets are the key bytes.
  assert.equal(identify('chatwoot', Buffer.from('k'), { identifier: 42 }).identifier_hash, hmac('k', '42'))
  assert.equal(identify('pylon', 'abcd', { email: 'e' }, { secretEncoding: 'text' }).email_hash, hmac('abcd', 'e'))
  // Intercom signs the email when there is no identifier.
  assert.equal(identify('intercom', 's', { email: 'e@x' }).user_hash, hmac('s', 'e@x'))
  // undefined and null fields are absent.
  assert.deepEqual(Object.keys(identify('chatwoot', 's', { identifier: 'i', email: undefined, name: null })), ['identifier', 'identifier_hash'])
})

test('identifyScript: the hostile name is escaped, the nonce makes a script element', () => {
  for (const preset of widgets) {
    const options = { page: fixture.page[preset], keyId: fixture.key_ids[preset] }
    const script = identifyScript(preset, fixture.secrets[preset], user, options)
    assert.ok(!script.includes('</script>'), preset)
    assert.ok(!script.includes('\u2028') && !script.includes('\u2029'), preset)
    if (!['zendesk', 'intercom-jwt'].includes(preset)) {
      assert.ok(script.includes('"\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e"'), preset)
    }
    const tag = identifyScript(preset, fixture.secrets[preset], user, { ...options, nonce: fixture.nonce })
    assert.ok(tag.startsWith(`<script nonce="${fixture.nonce}">\n`), preset)
    assert.ok(tag.endsWith('\n</script>'), preset)
    assert.equal(identifyScript(preset, fixture.secrets[preset], user, options), script, `${preset}: deterministic`)
  }
  assert.match(identifyScript('chatwoot', 's', { identifier: 1 }), /^window\.addEventListener\('chatwoot:ready'/)
})

function identityError(code, check) {
  return (error) => {
    assert.ok(error instanceof IdentityHmacError, `expected IdentityHmacError, got ${error}`)
    assert.equal(error.code, code)
    assert.ok(!error.message.includes(CANARY) && !error.stack.includes(CANARY), 'the secret is in the error')
    if (check) check(error)
    return true
  }
}

test('errors: UNKNOWN_WIDGET, MISSING_FIELD with field, UNKNOWN_FIELD, INVALID_NONCE, secrets', () => {
  for (const name of ['Chatwoot', 'chatwoot ', 'help_scout', '', 'crisp', CANARY, 'chatwoot\0']) {
    assert.throws(() => identify(name, CANARY, { identifier: 'x' }), identityError('UNKNOWN_WIDGET'), name)
    assert.throws(() => identifyScript(name, CANARY, { identifier: 'x' }), identityError('UNKNOWN_WIDGET'))
  }
  assert.throws(() => identify('pylon', 'abcd', { identifier: 'x' }), identityError('MISSING_FIELD', (e) => assert.equal(e.field, 'email')))
  assert.throws(() => identify('chatwoot', CANARY, { email: 'e' }), identityError('MISSING_FIELD', (e) => assert.equal(e.field, 'identifier')))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: '' }), identityError('MISSING_FIELD', (e) => assert.equal(e.reason, 'empty')))
  assert.throws(() => identify('zendesk', CANARY, { identifier: 'x' }), identityError('MISSING_FIELD', (e) => assert.equal(e.field, 'key_id')))
  assert.throws(() => identifyScript('front', CANARY, { email: 'e' }), identityError('MISSING_FIELD', (e) => assert.equal(e.field, 'chatId')))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: 'x', emial: 'e' }), identityError('UNKNOWN_FIELD'))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: 'x', [CANARY]: undefined }), identityError('UNKNOWN_FIELD'))
  assert.throws(() => identifyScript('chatwoot', CANARY, { identifier: 'x' }, { page: { app_id: 'a' } }), identityError('UNKNOWN_FIELD'))
  assert.throws(() => identifyScript('chatwoot', CANARY, { identifier: 'x' }, { nonce: 'a"b' }), identityError('INVALID_NONCE', (e) => assert.equal(e.position, 1)))
  assert.throws(() => identify('pylon', CANARY, { email: 'e' }), identityError('INVALID_HEX_SECRET'))
  assert.throws(() => identify('chatwoot', '', { identifier: 'x' }), identityError('EMPTY_SECRET'))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: 'x' }, { secretEncoding: 'base64' }), identityError('UNKNOWN_SECRET_ENCODING'))
})

test('wrong types are TypeErrors naming the argument', () => {
  const typeError = (fragment) => (error) => error instanceof TypeError && error.message.includes(fragment) && !error.message.includes(CANARY)
  for (const widget of [undefined, null, 1, {}, ['chatwoot']]) assert.throws(() => identify(widget, CANARY, { identifier: 'x' }), typeError('widget must be'))
  for (const bad of [undefined, null, 'x', 5, ['x']]) assert.throws(() => identify('chatwoot', CANARY, bad), typeError('user must be'))
  for (const id of [1.5, 2 ** 53, NaN, true, {}, [1]]) assert.throws(() => identify('chatwoot', CANARY, { identifier: id }), typeError('user.identifier must be'))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: 'x', email: 5 }), typeError('user.email must be a string'))
  assert.throws(() => identifyScript('pylon', 'abcd', { email: 'e' }, { page: { app_id: 5 } }), typeError('options.page value must be a string'))
  assert.throws(() => identify('zendesk', CANARY, { identifier: 'x' }, { keyId: 'k', expiresIn: -1 }), typeError('options.expiresIn must be a non-negative'))
  assert.throws(() => identify('chatwoot', CANARY, { identifier: 'x' }, 'hex'), typeError('options must be'))
})

test('token presets: identify gives the one token field, with keyId, expiresIn and now', () => {
  const { jwt } = identify('zendesk', fixture.secrets.zendesk, user, { keyId: fixture.key_ids.zendesk, now: 1_700_000_000, expiresIn: 300 })
  const [header, payload, signature] = jwt.split('.')
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', kid: fixture.key_ids.zendesk, typ: 'JWT' })
  const claims = JSON.parse(Buffer.from(payload, 'base64url'))
  assert.deepEqual(claims, { email: user.email, exp: 1_700_000_300, external_id: idDigits, iat: 1_700_000_000, name: user.name, scope: 'user' })
  assert.equal(signature, createHmac('sha256', fixture.secrets.zendesk).update(`${header}.${payload}`).digest('base64url'))
  const fields = identify('intercom-jwt', fixture.secrets['intercom-jwt'], user)
  assert.deepEqual(Object.keys(fields), ['intercom_user_jwt'])
})
