// Cross-check with the most used JWT libraries of Node, `jose` and
// `jsonwebtoken` (devDependencies of bindings-node, pinned in its
// package-lock.json): each verifies every token signToken makes, our
// TokenVerifier verifies every token each one makes, claims equal, and
// what they may produce that we must refuse gets the right code.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'node:test'

import { TokenVerifier, signToken } from 'identity-hmac'

import { repoRoot } from './helpers.mjs'

const devRequire = createRequire(path.join(repoRoot(), 'bindings-node', 'package.json'))
const jwt = devRequire('jsonwebtoken')
const jose = await import(pathToFileURL(devRequire.resolve('jose')).href)

const NOW = Math.floor(Date.now() / 1000)
const KEY_131 = 'k'.repeat(100) + 'é'.repeat(15) + 'x' // 131 bytes of UTF-8
const cases = [
  { name: 'text secret, no kid', secret: 'intercom-messenger-api-secret', key: Buffer.from('intercom-messenger-api-secret'), claims: { user_id: '42', email: 'a@example.com' } },
  { name: 'text secret with kid', secret: 'zendesk-shared-secret', key: Buffer.from('zendesk-shared-secret'), kid: 'app_64f0c2d1', claims: { external_id: '42', scope: 'user', name: 'A' } },
  { name: 'hex secret', secret: '00112233445566778899aabbccddeeff', encoding: 'hex', key: Buffer.from('00112233445566778899aabbccddeeff', 'hex'), claims: { sub: 'x' } },
  { name: 'non-ASCII claims', secret: 's3cret', key: Buffer.from('s3cret'), claims: { name: 'Zoë 日本 \u2028 😀', email: 'a"b@example.com', nested: { list: [1, 'é', null, true] } } },
  { name: '131-byte key', secret: KEY_131, key: Buffer.from(KEY_131), claims: { user_id: 'long-key' } },
]

test('jsonwebtoken and jose verify every token we sign, claims equal', async () => {
  for (const c of cases) {
    const token = signToken(c.secret, c.claims, { secretEncoding: c.encoding, expiresIn: 600, keyId: c.kid, now: NOW })
    const expected = { ...c.claims, iat: NOW, exp: NOW + 600 }
    const theirs = jwt.verify(token, c.key, { algorithms: ['HS256'], complete: true })
    assert.deepEqual(theirs.payload, expected, c.name)
    assert.equal(theirs.header.kid, c.kid, c.name)
    const { payload, protectedHeader } = await jose.jwtVerify(token, new Uint8Array(c.key), { algorithms: ['HS256'] })
    assert.deepEqual(payload, expected, c.name)
    assert.deepEqual(protectedHeader, { alg: 'HS256', typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) }, c.name)
  }
})

test('our TokenVerifier verifies every token jsonwebtoken and jose sign, claims equal', async () => {
  for (const c of cases) {
    const keys = [c.kid ? [c.kid, c.secret] : c.secret]
    const verifier = new TokenVerifier(keys, { secretEncoding: c.encoding, maxLifetime: 3600 })
    const fromJwt = jwt.sign(c.claims, c.key, { algorithm: 'HS256', expiresIn: 600, ...(c.kid ? { keyid: c.kid } : {}) })
    assert.deepEqual(verifier.verify(fromJwt), jwt.decode(fromJwt), `jsonwebtoken: ${c.name}`)
    const builder = new jose.SignJWT(c.claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) }).setIssuedAt(NOW).setExpirationTime(NOW + 600)
    const fromJose = await builder.sign(new Uint8Array(c.key))
    assert.deepEqual(verifier.verify(fromJose), { ...c.claims, iat: NOW, exp: NOW + 600 }, `jose: ${c.name}`)
  }
})

test('we refuse what they can be made to sign: none, RS256, HS384, tampered, wrong key', async () => {
  const key = Buffer.from('the-right-key')
  const verifier = new TokenVerifier(['the-right-key'])
  const refuse = (token, code) => assert.throws(() => verifier.verify(token), (e) => e.code === code, code)
  refuse(jwt.sign({ sub: 'x' }, null, { algorithm: 'none' }), 'UNSUPPORTED_ALGORITHM')
  refuse(new jose.UnsecuredJWT({ sub: 'x' }).encode(), 'UNSUPPORTED_ALGORITHM')
  refuse(jwt.sign({ sub: 'x' }, key, { algorithm: 'HS384' }), 'UNSUPPORTED_ALGORITHM')
  refuse(await new jose.SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(key)), 'UNSUPPORTED_ALGORITHM')
  const { privateKey } = await jose.generateKeyPair('RS256')
  refuse(await new jose.SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey), 'UNSUPPORTED_ALGORITHM')
  refuse(jwt.sign({ sub: 'x' }, 'another-key', { algorithm: 'HS256' }), 'BAD_SIGNATURE')
  const [header, , signature] = jwt.sign({ sub: 'x' }, key, { algorithm: 'HS256' }).split('.')
  refuse(`${header}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${signature}`, 'BAD_SIGNATURE')
  refuse(jwt.sign({ sub: 'x', exp: NOW - 3600 }, key, { algorithm: 'HS256' }), 'TOKEN_EXPIRED')
})
