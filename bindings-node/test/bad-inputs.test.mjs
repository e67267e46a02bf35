// Every case of the shared bad-input matrix (conformance/bad_inputs.json, read
// in place), each input built as the JavaScript value a user would pass and
// sent through every public entry point that takes it.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'

import { IdentityHmacError, Signer, Verifier, sign, verify } from 'identity-hmac'

import { bytesOf, loadCorpus, nativeOf, repoRoot } from './helpers.mjs'

const LANGUAGE = 'node'
const matrix = JSON.parse(readFileSync(path.join(repoRoot(), 'conformance', 'bad_inputs.json'), 'utf8'))
const corpus = loadCorpus()
const counts = { run: 0, skipped: 0 }

/**
 * Cases whose input JavaScript cannot hold as described, so their stated
 * expectation cannot be checked here; the case is skipped with this reason and
 * what the value really does is pinned by a test below.
 */
const INEXPRESSIBLE = {}

/** The expectation for this language, or null when the input cannot be expressed in it. */
function expectationFor(testCase) {
  const { expect } = testCase
  if (!('by_language' in expect)) return expect
  return expect.by_language[LANGUAGE] ?? expect.by_language.default ?? null
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Raw bytes as a user would hold them: a string when they are valid UTF-8. */
function hostBytes(bytes) {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return bytes
  }
}

/**
 * The host values for a matrix input, each with a label. One value except for
 * an integer beyond 2^53, which a user holds either as a number (what
 * JSON.parse gives: precision already lost) or exactly as a bigint.
 */
function hostValues(input) {
  if ('bytes' in input) return [['', nativeOf(input.bytes)]]
  if ('repeat' in input) {
    const pattern = Buffer.from(input.repeat.pattern_hex, 'hex')
    return [['', hostBytes(Buffer.alloc(pattern.length * input.repeat.count, pattern))]]
  }
  if ('null' in input) return [['', null]]
  if ('undefined' in input) return [['', undefined]]
  if ('bool' in input) return [['', input.bool]]
  if ('json' in input) return [['', structuredClone(input.json)]]
  if ('float' in input) return [['', typeof input.float === 'string' ? Number(input.float) : input.float]]
  if ('lone_surrogate' in input) return [['', String.fromCharCode(Number.parseInt(input.lone_surrogate, 16))]]
  if ('integer' in input) {
    const exact = BigInt(input.integer)
    if (Number.isSafeInteger(Number(exact))) return [['', Number(exact)]]
    return [
      ['as a number', Number(input.integer)],
      ['as a bigint', exact],
    ]
  }
  throw new Error(`unknown input kind: ${JSON.stringify(Object.keys(input))}`)
}

/** The expectation a host value is checked against (see hostValues). */
function expectationForValue(testCase, label) {
  if (label === 'as a bigint') {
    // The bigint carries the exact integer, so it is signed like in every other
    // language: the `node` entry (type_error) describes the number form.
    const { expect } = testCase
    return ('by_language' in expect ? expect.by_language.default : expect) ?? expectationFor(testCase)
  }
  return expectationFor(testCase)
}

/** Fails when `text` holds the secret, or any 8-byte run of it. */
function assertSecretAbsent(text, secretBytes, where) {
  if (secretBytes.length === 0) return
  const haystack = Buffer.from(text, 'utf8')
  if (secretBytes.length < 8) {
    // A 1-7 byte secret such as "a" occurs in any English sentence; the
    // message must at least not quote it.
    for (const quoted of [`"${secretBytes.toString('latin1')}"`, `'${secretBytes.toString('latin1')}'`]) {
      assert.ok(!text.includes(quoted), `${where} quotes the secret`)
    }
    return
  }
  // Some 8-byte run of the secret is in the text iff some 8-byte run of the
  // text is in the secret; the text is the short one.
  for (let i = 0; i + 8 <= haystack.length; i++) {
    assert.equal(secretBytes.indexOf(haystack.subarray(i, i + 8)), -1, `${where} contains 8 bytes of the secret`)
  }
}

function secretBytesOf(value) {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (value instanceof Uint8Array) return Buffer.from(value)
  return Buffer.from(String(value), 'utf8')
}

/** An assert.throws validator for the expectation, which also checks the secrets are not leaked. */
function thrownAs(expectation, secrets, position) {
  return (error) => {
    if ('error' in expectation) {
      assert.ok(error instanceof IdentityHmacError, `expected IdentityHmacError, got ${error}`)
      assert.equal(error.code, expectation.error)
      if (position !== undefined) assert.equal(error.position, position)
    } else {
      assert.ok(error instanceof TypeError, `expected TypeError, got ${error}`)
    }
    assert.ok(error instanceof Error)
    for (const secret of secrets) {
      assertSecretAbsent(error.message, secretBytesOf(secret), 'the message')
    }
    return true
  }
}

const isThrow = (expectation) => 'error' in expectation || 'type_error' in expectation

/** Every public way to use a secret, under one encoding. */
function checkSecret(secret, encoding, identifier, expectation, position) {
  const options = { secretEncoding: encoding }
  if (isThrow(expectation)) {
    const validate = () => thrownAs(expectation, [secret], position)
    assert.throws(() => new Signer(secret, options), validate())
    assert.throws(() => sign(secret, identifier, options), validate())
    assert.throws(() => verify(secret, identifier, '0'.repeat(64), options), validate())
    assert.throws(() => new Verifier([secret], options), validate())
    return
  }
  assert.ok('hash' in expectation, `unexpected expectation ${JSON.stringify(expectation)}`)
  const signer = new Signer(secret, options)
  assert.equal(signer.sign(identifier), expectation.hash)
  assert.equal(sign(secret, identifier, options), expectation.hash)
  assert.equal(verify(secret, identifier, expectation.hash, options), true)
  assert.equal(new Verifier([secret], options).matchingKey(identifier, expectation.hash), 0)
}

/** Every public way to sign an identifier. */
function checkIdentifier(testCase, identifier, expectation) {
  const secret = nativeOf(testCase.secret)
  const options = { secretEncoding: testCase.secret_encoding }
  const signer = new Signer(secret, options)
  const verifier = new Verifier([secret], options)
  if (isThrow(expectation)) {
    const validate = () => thrownAs(expectation, [secret])
    const anyHash = '0'.repeat(64)
    assert.throws(() => signer.sign(identifier), validate())
    assert.throws(() => signer.digest(identifier), validate())
    assert.throws(() => signer.verify(identifier, anyHash), validate())
    assert.throws(() => signer.signMany([identifier]), validate())
    assert.throws(() => sign(secret, identifier, options), validate())
    assert.throws(() => verify(secret, identifier, anyHash, options), validate())
    assert.throws(() => verifier.verify(identifier, anyHash), validate())
    assert.throws(() => verifier.matchingKey(identifier, anyHash), validate())
    return
  }
  assert.ok('hash' in expectation, `unexpected expectation ${JSON.stringify(expectation)}`)
  assert.equal(signer.sign(identifier), expectation.hash)
  assert.equal(signer.digest(identifier).toString('hex'), expectation.hash)
  assert.deepEqual(signer.signMany([identifier]), [expectation.hash])
  assert.equal(sign(secret, identifier, options), expectation.hash)
  assert.equal(signer.verify(identifier, expectation.hash), true)
  assert.equal(verify(secret, identifier, expectation.hash, options), true)
  assert.equal(verifier.matchingKey(identifier, expectation.hash), 0)
}

/** Every public way to check a presented hash. */
function checkPresentedHash(testCase, presented, expectation) {
  const secret = nativeOf(testCase.secret)
  const identifier = nativeOf(testCase.identifier)
  const options = { secretEncoding: testCase.secret_encoding }
  if (isThrow(expectation)) {
    const validate = () => thrownAs(expectation, [secret])
    assert.throws(() => new Signer(secret, options).verify(identifier, presented), validate())
    assert.throws(() => verify(secret, identifier, presented, options), validate())
    assert.throws(() => new Verifier([secret], options).verify(identifier, presented), validate())
    return
  }
  assert.ok('verify' in expectation, `unexpected expectation ${JSON.stringify(expectation)}`)
  assert.equal(new Signer(secret, options).verify(identifier, presented), expectation.verify)
  assert.equal(verify(secret, identifier, presented, options), expectation.verify)
  const verifier = new Verifier([secret], options)
  assert.equal(verifier.verify(identifier, presented), expectation.verify)
  assert.equal(verifier.matchingKey(identifier, presented), expectation.verify ? 0 : null)
}

/** A Verifier over `input.secrets`, newest first. */
function checkVerifier(testCase, expectation) {
  const secrets = testCase.input.secrets.map(nativeOf)
  const options = { secretEncoding: testCase.secret_encoding }
  const identifier = nativeOf(testCase.identifier)
  if (isThrow(expectation)) {
    assert.throws(() => new Verifier(secrets, options), thrownAs(expectation, secrets))
    return
  }
  const presented = nativeOf(testCase.input.presented)
  const verifier = new Verifier(secrets, options)
  assert.equal(verifier.size, secrets.length)
  if ('matching_key' in expectation) {
    assert.equal(verifier.matchingKey(identifier, presented), expectation.matching_key)
    assert.equal(verifier.verify(identifier, presented), true)
  } else {
    assert.ok('verify' in expectation, `unexpected expectation ${JSON.stringify(expectation)}`)
    assert.equal(verifier.verify(identifier, presented), expectation.verify)
    if (!expectation.verify) assert.equal(verifier.matchingKey(identifier, presented), null)
  }
}

function runCase(testCase) {
  const { about, input } = testCase
  if (about === 'verifier') return checkVerifier(testCase, expectationFor(testCase))
  if (about === 'secret' && 'corpus_group' in input) {
    const vectors = corpus[input.corpus_group]
    assert.ok(vectors.length > 0, `the corpus has a ${input.corpus_group} group`)
    const identifier = nativeOf(testCase.identifier)
    for (const vector of vectors) {
      const expectation = { error: vector.expected_code }
      // The vector's own encoding: the group also holds text-encoded empty secrets.
      checkSecret(nativeOf(vector.secret), vector.secret_encoding, identifier, expectation, vector.position)
      // The same bytes as a Buffer.
      checkSecret(bytesOf(vector.secret), vector.secret_encoding, identifier, expectation, vector.position)
    }
    return
  }
  for (const [label, value] of hostValues(input)) {
    const expectation = expectationForValue(testCase, label)
    const where = label ? ` (${label})` : ''
    try {
      if (about === 'secret') {
        checkSecret(value, testCase.secret_encoding, nativeOf(testCase.identifier), expectation)
      } else if (about === 'identifier') {
        checkIdentifier(testCase, value, expectation)
      } else if (about === 'presented_hash') {
        checkPresentedHash(testCase, value, expectation)
      } else {
        throw new Error(`unknown about: ${about}`)
      }
    } catch (error) {
      if (where && error instanceof assert.AssertionError) error.message = `${testCase.id}${where}: ${error.message}`
      throw error
    }
  }
}

describe('bad inputs (conformance/bad_inputs.json)', () => {
  assert.equal(matrix.format, 1)
  assert.ok(matrix.languages.includes(LANGUAGE), `bad_inputs.json lists ${LANGUAGE}`)
  assert.ok(matrix.cases.length > 0)
  for (const testCase of matrix.cases) {
    const expectation = expectationFor(testCase)
    if (testCase.id in INEXPRESSIBLE) {
      counts.skipped++
      test(testCase.id, { skip: INEXPRESSIBLE[testCase.id] }, () => {})
      continue
    }
    if (expectation === null) {
      counts.skipped++
      test(testCase.id, { skip: `no expectation for ${LANGUAGE}: the input cannot be expressed in JavaScript` }, () => {})
      continue
    }
    counts.run++
    test(testCase.id, () => runCase(testCase))
  }
  test('identifier-float-integral in JavaScript: 2.0 === 2, signed as "2"', () => {
    const testCase = matrix.cases.find((c) => c.id === 'identifier-float-integral')
    assert.ok(testCase, 'the case is still in the matrix')
    const [[, value]] = hostValues(testCase.input)
    assert.ok(Number.isSafeInteger(value))
    const secret = nativeOf(testCase.secret)
    const expected = createHmac('sha256', secret).update(String(value)).digest('hex')
    assert.equal(new Signer(secret, { secretEncoding: testCase.secret_encoding }).sign(value), expected)
  })

  after(() => {
    assert.equal(counts.run + counts.skipped, matrix.cases.length)
    console.log(`# bad_inputs.json: ${counts.run} cases run, ${counts.skipped} skipped, of ${matrix.cases.length}`)
  })
})
