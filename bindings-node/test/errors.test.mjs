// Every error path: the right class and code, a real Error with a stack, and
// never the secret in the message.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { IdentityHmacError, Signer, Verifier, sign, verify } from 'identity-hmac'

const CANARY = 'zq-SECRET-CANARY-7f3a'
const HEX_CANARY = 'deadbeefcafe' + 'Q' + 'feedface'

function identityError(code, secretText, position) {
  return (error) => {
    assert.ok(error instanceof IdentityHmacError, `expected IdentityHmacError, got ${error?.constructor?.name}`)
    assert.ok(error instanceof Error)
    assert.equal(error.name, 'IdentityHmacError')
    assert.equal(error.code, code)
    if (position !== undefined) assert.equal(error.position, position)
    assert.equal(typeof error.stack, 'string')
    assert.ok(error.stack.startsWith(`IdentityHmacError: ${error.message}`), error.stack)
    assert.ok(error.stack.includes('errors.test.mjs'), 'the stack points at the caller')
    if (secretText) {
      assert.ok(!error.message.includes(secretText), 'message contains the secret')
      assert.ok(!error.stack.includes(secretText), 'stack contains the secret')
    }
    return true
  }
}

function typeError(secretText, ...fragments) {
  return (error) => {
    assert.ok(error instanceof TypeError, `expected TypeError, got ${error}`)
    assert.equal(typeof error.stack, 'string')
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `${error.message} lacks ${fragment}`)
    if (secretText) assert.ok(!error.message.includes(secretText))
    return true
  }
}

/** Every constructor and function that takes a secret. */
const secretTakers = {
  'new Signer': (secret, options) => new Signer(secret, options),
  'new Verifier': (secret, options) => new Verifier(['abcd1234', secret], options),
  sign: (secret, options) => sign(secret, 'some_identifier', options),
  verify: (secret, options) => verify(secret, 'some_identifier', 'a'.repeat(64), options),
}

describe('invalid secrets', () => {
  for (const [name, take] of Object.entries(secretTakers)) {
    test(`${name}: EMPTY_SECRET`, () => {
      assert.throws(() => take(''), identityError('EMPTY_SECRET'))
      assert.throws(() => take(Buffer.alloc(0)), identityError('EMPTY_SECRET'))
      assert.throws(() => take(new Uint8Array(0)), identityError('EMPTY_SECRET'))
      assert.throws(() => take('', { secretEncoding: 'hex' }), identityError('EMPTY_SECRET'))
    })
    test(`${name}: INVALID_HEX_SECRET names reason and position, never the secret`, () => {
      const hex = { secretEncoding: 'hex' }
      assert.throws(() => take(HEX_CANARY, hex), identityError('INVALID_HEX_SECRET', HEX_CANARY, 12))
      assert.throws(() => take('abc' + 'deadbeef'.repeat(4), hex), identityError('INVALID_HEX_SECRET', 'deadbeefdeadbeef', 35))
      assert.throws(() => take('0x' + 'ab'.repeat(16), hex), identityError('INVALID_HEX_SECRET', 'abababab', 1))
      assert.throws(() => take(' ' + 'ab'.repeat(16), hex), identityError('INVALID_HEX_SECRET', 'abababab', 0))
      assert.throws(() => take('ab'.repeat(16) + '\n', hex), identityError('INVALID_HEX_SECRET', 'abababab', 32))
      assert.throws(() => take(CANARY, hex), identityError('INVALID_HEX_SECRET', CANARY, 0))
      assert.throws(() => take(Buffer.from('abcz'), hex), identityError('INVALID_HEX_SECRET', undefined, 3))
      try {
        take(HEX_CANARY, hex)
      } catch (error) {
        assert.match(error.message, /invalid character at position 12/)
      }
      try {
        take('abcde', hex)
      } catch (error) {
        assert.match(error.message, /odd length/)
      }
    })
    test(`${name}: UNKNOWN_SECRET_ENCODING`, () => {
      for (const encoding of ['HEX', 'Text', 'base64', 'utf8', '', CANARY]) {
        assert.throws(() => take(CANARY, { secretEncoding: encoding }), identityError('UNKNOWN_SECRET_ENCODING', CANARY))
      }
    })
    test(`${name}: wrong secret and options types are TypeErrors`, () => {
      for (const secret of [undefined, null, 42, 42n, true, {}, [], Symbol('s'), () => 1, new Uint16Array(4)]) {
        assert.throws(() => take(secret), typeError(undefined, 'secret'))
      }
      assert.throws(() => take(CANARY, 'hex'), typeError(CANARY, 'options must be an object'))
      assert.throws(() => take(CANARY, 1), typeError(CANARY, 'options'))
      assert.throws(() => take(CANARY, { secretEncoding: 1 }), typeError(CANARY, 'secretEncoding'))
      assert.throws(() => take(CANARY, { secretEncoding: ['hex'] }), typeError(CANARY, 'secretEncoding'))
    })
    test(`${name}: INVALID_TEXT_SECRET for a lone surrogate, with reason and position`, () => {
      for (const [secret, position] of [['ab\ud800cd', 2], ['\udc00', 0], ['é\ud83d', 1]]) {
        for (const options of [undefined, { secretEncoding: 'text' }]) {
          assert.throws(() => take(secret, options), (error) => {
            identityError('INVALID_TEXT_SECRET', undefined, position)(error)
            assert.equal(error.reason, 'lone surrogate')
            return true
          })
        }
      }
      // A paired surrogate is a character like any other.
      take('ab\ud83d\ude00')
    })
    test(`${name}: a Uint8Array on a SharedArrayBuffer is a secret like any other`, () => {
      const shared = new Uint8Array(new SharedArrayBuffer(CANARY.length))
      shared.set(Buffer.from(CANARY))
      take(shared)
      const hex = new Uint8Array(new SharedArrayBuffer(4))
      hex.set(Buffer.from('ab12'))
      take(hex, { secretEncoding: 'hex' })
    })
  }

  test('absent, undefined or null options or secretEncoding mean text (one rule in every language)', () => {
    const expected = sign('k', 'id')
    for (const options of [undefined, null, {}, { secretEncoding: undefined }, { secretEncoding: null }, { secretEncoding: 'text' }]) {
      assert.equal(sign('k', 'id', options), expected)
      assert.equal(new Signer('k', options).sign('id'), expected)
    }
  })
})

describe('Verifier secret lists', () => {
  test('NO_SECRETS and TOO_MANY_SECRETS', () => {
    assert.throws(() => new Verifier([]), identityError('NO_SECRETS'))
    const seventeen = Array.from({ length: 17 }, (_, i) => `${CANARY}-${i}`)
    assert.throws(() => new Verifier(seventeen), identityError('TOO_MANY_SECRETS', CANARY))
    assert.equal(new Verifier(seventeen.slice(0, 16)).size, 16)
  })
  test('a bad secret in the list is reported with its code and secretIndex, a wrong type with its index', () => {
    assert.throws(() => new Verifier([CANARY, '']), (error) => {
      identityError('EMPTY_SECRET', CANARY)(error)
      assert.equal(error.secretIndex, 1)
      assert.equal(error.reason, 'empty')
      return true
    })
    assert.throws(() => new Verifier(['ok', 'x\udfff']), (error) => {
      identityError('INVALID_TEXT_SECRET', undefined, 1)(error)
      assert.equal(error.secretIndex, 1)
      return true
    })
    assert.throws(() => new Signer(''), (error) => error.secretIndex === undefined && error.code === 'EMPTY_SECRET')
    assert.throws(
      () => new Verifier(['ab'.repeat(16), HEX_CANARY], { secretEncoding: 'hex' }),
      (error) => identityError('INVALID_HEX_SECRET', HEX_CANARY, 12)(error) && error.secretIndex === 1 && error.reason === 'invalid character',
    )
    assert.throws(() => new Verifier([CANARY, 7]), typeError(CANARY, 'secrets[1]'))
    for (const notArray of [CANARY, undefined, null, { 0: CANARY, length: 1 }, new Set([CANARY])]) {
      assert.throws(() => new Verifier(notArray), typeError(CANARY, 'secrets must be an array'))
    }
  })
})

describe('a Verifier reads its secrets one at a time', () => {
  test('a 10M-element array ends at the 17th secret, before it is read', () => {
    const reads = []
    const secrets = []
    for (let i = 0; i < 20; i++) {
      Object.defineProperty(secrets, i, { get: () => (reads.push(i), `${CANARY}-${i}`), enumerable: true })
    }
    secrets.length = 10_000_000
    assert.throws(() => new Verifier(secrets), identityError('TOO_MANY_SECRETS', CANARY))
    assert.deepEqual(reads, Array.from({ length: 16 }, (_, i) => i))
  })
  test('the first bad secret ends it', () => {
    const reads = []
    const secrets = ['a', '', 'c'].map((secret, i) => ({ i, secret }))
    const list = []
    for (const { i, secret } of secrets) Object.defineProperty(list, i, { get: () => (reads.push(i), secret) })
    list.length = 3
    assert.throws(() => new Verifier(list), identityError('EMPTY_SECRET'))
    assert.deepEqual(reads, [0, 1])
  })
})

describe('identifiers', () => {
  const signer = new Signer(CANARY)
  const badIdentifiers = {
    undefined: undefined,
    null: null,
    boolean: true,
    object: {},
    array: ['a'],
    symbol: Symbol('id'),
    function: () => 'id',
    'Float64Array': new Float64Array(1),
    'Uint16Array': new Uint16Array(1),
    'DataView': new DataView(new ArrayBuffer(1)),
    'ArrayBuffer': new ArrayBuffer(1),
    'a String object': new String('id'),
  }
  const badNumbers = [1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 1e-7]
  const entryPoints = {
    'Signer.sign': (id) => signer.sign(id),
    'Signer.digest': (id) => signer.digest(id),
    'Signer.verify': (id) => signer.verify(id, 'a'.repeat(64)),
    'Verifier.verify': (id) => new Verifier([CANARY]).verify(id, 'a'.repeat(64)),
    'Verifier.matchingKey': (id) => new Verifier([CANARY]).matchingKey(id, 'a'.repeat(64)),
    sign: (id) => sign(CANARY, id),
    verify: (id) => verify(CANARY, id, 'a'.repeat(64)),
  }
  for (const [name, call] of Object.entries(entryPoints)) {
    test(`${name}: wrong types and unsafe numbers are TypeErrors`, () => {
      for (const [kind, value] of Object.entries(badIdentifiers)) {
        assert.throws(() => call(value), typeError(CANARY, 'identifier must be'), kind)
      }
      for (const value of badNumbers) {
        assert.throws(() => call(value), typeError(CANARY, 'safe integer'), String(value))
      }
    })
  }
  test('signMany: a non-array, and a bad element named by its index', () => {
    for (const notArray of ['id', undefined, null, 5, new Set(['id'])]) {
      assert.throws(() => signer.signMany(notArray), typeError(CANARY, 'identifiers must be an array'))
    }
    assert.throws(() => signer.signMany(['a', 'b', null]), typeError(CANARY, 'identifiers[2] must be'))
    assert.throws(() => signer.signMany([1, 0.5]), typeError(CANARY, 'identifiers[1] must be a safe integer'))
  })
})

describe('verify returns false for a malformed hash, and throws TypeError for a missing one', () => {
  const signer = new Signer(CANARY)
  const good = signer.sign('user@example.com')
  const malformed = [
    '', 'zz', good.slice(1), good + '0', ` ${good.slice(1)}`, good.replace(/.$/, 'g'), `0x${good.slice(2)}`,
    Buffer.from('nope'), new Uint8Array(64),
  ]
  test('a hash that is not a string or Uint8Array is a TypeError, as in every binding', () => {
    const verifier = new Verifier([CANARY])
    for (const hash of [undefined, null, 42, {}, [], true, new Uint16Array(32), Symbol('h')]) {
      for (const call of [
        () => signer.verify('user@example.com', hash),
        () => verifier.verify('user@example.com', hash),
        () => verifier.matchingKey('user@example.com', hash),
        () => verify(CANARY, 'user@example.com', hash),
      ]) {
        assert.throws(call, typeError(CANARY, 'identityHash must be'), String(typeof hash))
      }
    }
    assert.throws(() => signer.verify('user@example.com'), typeError(CANARY, 'identityHash must be a string', 'got undefined'))
  })
  test('Signer.verify, Verifier.verify/matchingKey, verify()', () => {
    const verifier = new Verifier([CANARY])
    for (const hash of malformed) {
      assert.equal(signer.verify('user@example.com', hash), false, String(hash))
      assert.equal(verifier.verify('user@example.com', hash), false)
      assert.equal(verifier.matchingKey('user@example.com', hash), null)
      assert.equal(verify(CANARY, 'user@example.com', hash), false)
    }
    assert.equal(signer.verify('user@example.com', good), true)
    assert.equal(signer.verify('user@example.com', Buffer.from(good.toUpperCase())), true)
    assert.equal(signer.verify('someone@else.com', good), false)
  })
})

test('IdentityHmacError can be constructed and subclassed like any Error', () => {
  const error = new IdentityHmacError('boom', 'EMPTY_SECRET')
  assert.ok(error instanceof Error)
  assert.equal(error.code, 'EMPTY_SECRET')
  assert.equal(String(error), 'IdentityHmacError: boom')
  class Mine extends IdentityHmacError {}
  assert.ok(new Mine('x', 'NO_SECRETS') instanceof IdentityHmacError)
})

test('the classes cannot be called without new', () => {
  const before = Object.keys(globalThis).length
  for (const call of [
    () => Signer(CANARY),
    () => Verifier([CANARY]),
    () => Signer.call(Signer.prototype, CANARY),
    () => Verifier.call(Verifier.prototype, [CANARY]),
    () => Signer.apply({}, [CANARY]),
  ]) {
    assert.throws(call, typeError(CANARY, "cannot be invoked without 'new'"))
  }
  assert.equal(Object.keys(globalThis).length, before)
  assert.throws(() => Signer.prototype.sign('id'), TypeError, 'the prototype did not become a signer')
})

test('getters called on another object throw TypeError', () => {
  const { get } = Object.getOwnPropertyDescriptor(Verifier.prototype, 'size')
  for (const receiver of [{}, new Signer(CANARY), Verifier.prototype, Object.create(Verifier.prototype), undefined, 5]) {
    assert.throws(() => get.call(receiver), typeError(CANARY))
  }
  assert.equal(get.call(new Verifier([CANARY, 'b'])), 2)
})

test('methods called on another object throw TypeError instead of misreading it', () => {
  const signer = new Signer(CANARY)
  const verifier = new Verifier([CANARY])
  const calls = [
    () => Signer.prototype.sign.call(verifier, 'id'),
    () => Signer.prototype.verify.call(verifier, 'id', 'a'.repeat(64)),
    () => Signer.prototype.signMany.call(verifier, ['id']),
    () => Verifier.prototype.verify.call(signer, 'id', 'a'.repeat(64)),
    () => Verifier.prototype.matchingKey.call(signer, 'id', 'a'.repeat(64)),
    () => Signer.prototype.sign.call({}, 'id'),
    () => Signer.prototype.sign.call(Object.create(Signer.prototype), 'id'),
    () => Signer.prototype.sign.call(undefined, 'id'),
    () => Signer.prototype.sign.call(5, 'id'),
    () => Verifier.prototype.verify.call('a string', 'id', 'a'.repeat(64)),
  ]
  const more = [
    () => Signer.prototype.digest.call(verifier, 'id'),
    () => Signer.prototype.sign.call(Signer.prototype, 'id'),
  ]
  for (const call of [...calls, ...more]) assert.throws(call, typeError(CANARY))
})
