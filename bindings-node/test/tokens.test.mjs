// signToken and TokenVerifier: every token error code, the claims object
// path (JSON.stringify) and its refusals, and no secret in any message,
// stack or util.inspect.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import { test } from 'node:test'

import { IdentityHmacError, TokenVerifier, signToken } from 'identity-hmac'

const CANARY = 'Qz7xW9kPv2Jm4Rt8'
const NOW = 1_700_000_000
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
/** A token built by hand with node:crypto. */
function handmade(header, claims, key = CANARY) {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}

function identityError(code, check) {
  return (error) => {
    assert.ok(error instanceof IdentityHmacError, `expected IdentityHmacError, got ${error}`)
    assert.equal(error.code, code)
    for (const text of [error.message, error.stack, inspect(error)]) {
      for (let i = 0; i + 4 <= CANARY.length; i++) assert.ok(!text.includes(CANARY.slice(i, i + 4)), `a piece of the secret in ${text}`)
    }
    if (check) check(error)
    return true
  }
}

test('signToken signs an object and JSON text alike, with kid, exp and iat', () => {
  const claims = { user_id: '42', name: 'Zoë 日本', nested: { a: [1, 2] } }
  const token = signToken(CANARY, claims, { now: NOW, expiresIn: 3600, keyId: 'k1' })
  assert.equal(signToken(CANARY, JSON.stringify(claims), { now: NOW, expiresIn: 3600, keyId: 'k1' }), token)
  const [header, payload] = token.split('.')
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', kid: 'k1', typ: 'JWT' })
  assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64url')), { ...claims, iat: NOW, exp: NOW + 3600 })
  assert.equal(token, handmade({ alg: 'HS256', kid: 'k1', typ: 'JWT' }, { exp: NOW + 3600, iat: NOW, name: claims.name, nested: claims.nested, user_id: '42' }))
  const verifier = new TokenVerifier([['k1', CANARY]])
  assert.deepEqual(verifier.verify(token, { now: NOW + 1 }), { ...claims, iat: NOW, exp: NOW + 3600 })
  // hex secrets and Buffer secrets
  const hexToken = signToken('00ff'.repeat(8), { sub: 'x' }, { secretEncoding: 'hex', now: NOW })
  assert.deepEqual(new TokenVerifier([Buffer.from('00ff'.repeat(8), 'hex')]).verify(hexToken, { now: NOW }), { sub: 'x', iat: NOW })
  assert.deepEqual(new TokenVerifier(['00ff'.repeat(8)], { secretEncoding: 'hex' }).verify(hexToken, { now: NOW }), { sub: 'x', iat: NOW })
})

test('claims JSON.stringify cannot encode are INVALID_CLAIMS, without the host message', () => {
  const cyclic = { a: CANARY }
  cyclic.self = cyclic
  let deep = {}
  for (let i = 0; i < 100_000; i++) deep = { d: deep }
  for (const claims of [{ id: 10n }, cyclic, { n: NaN }, { n: Infinity }, { x: [-Infinity] }, deep]) {
    assert.throws(() => signToken(CANARY, claims), identityError('INVALID_CLAIMS', (e) => assert.equal(e.reason, 'not encodable as JSON by the host')))
  }
  // The core's own refusals
  assert.throws(() => signToken(CANARY, [1, 2]), identityError('INVALID_CLAIMS', (e) => assert.equal(e.reason, 'not a JSON object')))
  assert.throws(() => signToken(CANARY, '{"a":1,"a":2}'), identityError('INVALID_CLAIMS', (e) => assert.equal(e.reason, 'duplicate claim')))
  assert.throws(() => signToken(CANARY, 'not json'), identityError('INVALID_CLAIMS'))
  assert.throws(() => signToken(CANARY, { exp: 1.5 }), identityError('INVALID_CLAIMS', (e) => assert.equal(e.claim, 'exp')))
  assert.throws(() => signToken(CANARY, { exp: 1 }, { expiresIn: 5 }), identityError('INVALID_CLAIMS', (e) => assert.equal(e.claim, 'exp')))
  assert.throws(() => signToken('', { a: 1 }), identityError('EMPTY_SECRET'))
  // A user's own exception from toJSON is not hidden.
  assert.throws(() => signToken(CANARY, { toJSON() { throw new SyntaxError('mine') } }), /mine/)
  for (const claims of [undefined, null, 5, true, 5n]) {
    assert.throws(() => signToken(CANARY, claims), (e) => e instanceof TypeError && e.message.startsWith('claims must be an object or a JSON string'))
  }
  assert.throws(() => signToken(CANARY, {}, { expiresIn: 1.5 }), TypeError)
  assert.throws(() => signToken(CANARY, {}, { keyId: 5 }), TypeError)
})

test('TokenVerifier: every token error code', () => {
  const verifier = new TokenVerifier([['new', CANARY], ['old', 'old-secret']], { requiredClaims: ['user_id'], maxLifetime: 3600 })
  const good = { user_id: '1', iat: NOW, exp: NOW + 600 }
  assert.deepEqual(verifier.verify(handmade({ alg: 'HS256', typ: 'JWT', kid: 'old' }, good, 'old-secret'), { now: NOW }), good)
  const cases = [
    ['MALFORMED_TOKEN', 'a.b'],
    ['MALFORMED_TOKEN', 'a.b.c.d'],
    ['MALFORMED_TOKEN', `${b64('not json')}.${b64(good)}.sig`],
    ['MALFORMED_TOKEN', `${b64('[1]')}.${b64(good)}.sig`],
    ['MALFORMED_TOKEN', handmade({ alg: 'HS256' }, good) + '='],
    ['UNSUPPORTED_ALGORITHM', `${b64({ alg: 'none' })}.${b64(good)}.`],
    ['UNSUPPORTED_ALGORITHM', handmade({ alg: 'RS256', typ: 'JWT' }, good)],
    ['UNSUPPORTED_ALGORITHM', handmade({ alg: 'HS384', typ: 'JWT' }, good)],
    ['UNKNOWN_KEY_ID', handmade({ alg: 'HS256', kid: 'nope' }, good)],
    ['BAD_SIGNATURE', handmade({ alg: 'HS256' }, good, 'another key')],
    ['BAD_SIGNATURE', (() => { const [h, , s] = handmade({ alg: 'HS256' }, good).split('.'); return `${h}.${b64({ ...good, user_id: '2' })}.${s}` })()],
    ['TOKEN_EXPIRED', handmade({ alg: 'HS256' }, { ...good, iat: NOW - 7200, exp: NOW - 3600 })],
    ['TOKEN_NOT_YET_VALID', handmade({ alg: 'HS256' }, { ...good, nbf: NOW + 3600 })],
    ['LIFETIME_TOO_LONG', handmade({ alg: 'HS256' }, { ...good, exp: NOW + 7200 })],
    ['MISSING_CLAIM', handmade({ alg: 'HS256' }, { iat: NOW, exp: NOW + 60 })],
    ['INVALID_CLAIMS', handmade({ alg: 'HS256' }, { ...good, exp: 'soon' })],
  ]
  for (const [code, token] of cases) assert.throws(() => verifier.verify(token, { now: NOW }), identityError(code), `${code}: ${token}`)
  assert.throws(() => verifier.verify(handmade({ alg: 'HS256' }, { iat: NOW, exp: NOW + 1 }), { now: NOW }), identityError('MISSING_CLAIM', (e) => assert.equal(e.claim, 'user_id')))
  // leeway
  const late = handmade({ alg: 'HS256' }, { ...good, exp: NOW - 30 })
  assert.deepEqual(verifier.verify(late, { now: NOW }), { ...good, exp: NOW - 30 })
  assert.throws(() => new TokenVerifier([CANARY], { leeway: 0 }).verify(late, { now: NOW }), identityError('TOKEN_EXPIRED'))
  // the system clock
  assert.throws(() => new TokenVerifier([CANARY]).verify(handmade({ alg: 'HS256' }, { exp: 1000 })), identityError('TOKEN_EXPIRED'))
  for (const token of [undefined, null, 5, Buffer.from('a.b.c')]) assert.throws(() => verifier.verify(token), TypeError)
  assert.throws(() => verifier.verify('a.b.c', { now: 1.5 }), TypeError)
})

test('TokenVerifier keys: counts, pairs, bad secrets with secretIndex, wrong types', () => {
  assert.throws(() => new TokenVerifier([]), identityError('NO_SECRETS'))
  const seventeen = Array.from({ length: 17 }, (_, i) => `${CANARY}-${i}`)
  assert.throws(() => new TokenVerifier(seventeen), identityError('TOO_MANY_SECRETS'))
  assert.equal(new TokenVerifier(seventeen.slice(0, 16)).size, 16)
  assert.throws(() => new TokenVerifier([CANARY, ['k', '']]), identityError('EMPTY_SECRET', (e) => assert.equal(e.secretIndex, 1)))
  assert.throws(() => new TokenVerifier([CANARY, 'zz'], { secretEncoding: 'hex' }), identityError('INVALID_HEX_SECRET', (e) => assert.equal(e.secretIndex, 0)))
  assert.throws(() => new TokenVerifier([CANARY], { secretEncoding: 'base64' }), identityError('UNKNOWN_SECRET_ENCODING'))
  for (const bad of [[5], [['k']], [[1, CANARY]], [['k', CANARY, 'x']], [null]]) {
    assert.throws(() => new TokenVerifier(bad), (e) => e instanceof TypeError && e.message.startsWith('keys[0]') && !e.message.includes(CANARY))
  }
  for (const bad of [CANARY, undefined, null, {}]) assert.throws(() => new TokenVerifier(bad), TypeError)
  for (const options of [{ leeway: -1 }, { maxLifetime: 1.5 }, { requiredClaims: 'user_id' }, { requiredClaims: [1] }, 'x']) {
    assert.throws(() => new TokenVerifier([CANARY], options), TypeError, JSON.stringify(options))
  }
  assert.throws(() => TokenVerifier([CANARY]), TypeError)
})

test('no secret in util.inspect, String() or JSON of a verifier', () => {
  const verifier = new TokenVerifier([['kid', CANARY]])
  for (const text of [inspect(verifier, { showHidden: true, depth: 5 }), String(verifier), JSON.stringify(verifier)]) {
    assert.ok(!text.includes(CANARY) && !text.includes(CANARY.slice(3, 7)), text)
  }
})
