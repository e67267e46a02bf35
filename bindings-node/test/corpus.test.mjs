// Every vector of the shared corpus, through every entry point.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { IdentityHmacError, Signer, Verifier, sign, verify } from 'identity-hmac'

import { bytesOf, loadCorpus, nativeOf } from './helpers.mjs'

const corpus = loadCorpus()

describe('corpus: sign', () => {
  assert.ok(corpus.sign.length > 0, 'the corpus has sign vectors')
  for (const vector of corpus.sign) {
    test(vector.id, () => {
      const options = { secretEncoding: vector.secret_encoding }
      const secret = nativeOf(vector.secret)
      const identifier = nativeOf(vector.identifier)
      assert.equal(sign(secret, identifier, options), vector.expected)
      const signer = new Signer(secret, options)
      assert.equal(signer.sign(identifier), vector.expected)
      // The same bytes as a Buffer give the same hash.
      assert.equal(signer.sign(bytesOf(vector.identifier)), vector.expected)
      assert.equal(signer.digest(identifier).toString('hex'), vector.expected)
      assert.equal(signer.verify(identifier, vector.expected), true)
      assert.equal(signer.verify(identifier, vector.expected.toUpperCase()), true)
      assert.equal(verify(secret, identifier, vector.expected, options), true)
      assert.equal(new Verifier([secret], options).matchingKey(identifier, vector.expected), 0)
    })
  }

  test('signMany over the whole sign group, per secret', () => {
    for (const vector of corpus.sign) {
      const signer = new Signer(nativeOf(vector.secret), { secretEncoding: vector.secret_encoding })
      const identifier = nativeOf(vector.identifier)
      assert.deepEqual(signer.signMany([identifier, identifier]), [vector.expected, vector.expected])
    }
  })
})

describe('corpus: verify', () => {
  assert.ok(corpus.verify.length > 0, 'the corpus has verify vectors')
  for (const vector of corpus.verify) {
    test(vector.id, () => {
      const options = { secretEncoding: vector.secret_encoding }
      const secret = nativeOf(vector.secret)
      const identifier = nativeOf(vector.identifier)
      const presented = nativeOf(vector.presented)
      assert.equal(verify(secret, identifier, presented, options), vector.expected)
      assert.equal(new Signer(secret, options).verify(identifier, presented), vector.expected)
      assert.equal(new Verifier([secret], options).verify(identifier, presented), vector.expected)
    })
  }
})

describe('corpus: invalid secrets', () => {
  assert.ok(corpus.invalid_secrets.length > 0, 'the corpus has invalid-secret vectors')
  for (const vector of corpus.invalid_secrets) {
    test(vector.id, () => {
      const secret = nativeOf(vector.secret)
      const options = { secretEncoding: vector.secret_encoding }
      const check = (error) => {
        assert.ok(error instanceof IdentityHmacError, `an IdentityHmacError, got ${error}`)
        assert.ok(error instanceof Error)
        assert.equal(error.code, vector.expected_code)
        if ('position' in vector) assert.equal(error.position, vector.position)
        const text = bytesOf(vector.secret).toString('latin1')
        // Secrets this short appear in any English sentence.
        if (text.length >= 6) assert.ok(!error.message.includes(text), 'the message must not contain the secret')
        return true
      }
      assert.throws(() => new Signer(secret, options), check)
      assert.throws(() => sign(secret, 'some_identifier', options), check)
      assert.throws(() => verify(secret, 'some_identifier', '0'.repeat(64), options), check)
      assert.throws(() => new Verifier([secret], options), check)
    })
  }
})
