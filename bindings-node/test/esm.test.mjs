// Named ESM imports (found by Node's static analysis of the generated loader).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import * as namespace from 'identity-hmac'
import { IdentityHmacError, Signer, Verifier, generateSecret, sign, verify, version } from 'identity-hmac'
import defaultExport from 'identity-hmac'

test('named, namespace and default imports', () => {
  for (const value of [IdentityHmacError, Signer, Verifier, generateSecret, sign, verify]) {
    assert.equal(typeof value, 'function')
  }
  assert.equal(typeof version, 'string')
  assert.equal(namespace.Signer, Signer)
  assert.equal(defaultExport.Signer, Signer)
  const hash = new Signer('k').sign('id')
  assert.equal(sign('k', 'id'), hash)
  assert.equal(verify('k', 'id', hash), true)
})
