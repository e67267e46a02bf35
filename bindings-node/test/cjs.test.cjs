// The package from CommonJS, and the same objects through ESM.
const assert = require('node:assert/strict')
const { createHmac } = require('node:crypto')
const { test } = require('node:test')

const identityHmac = require('identity-hmac')

test('require() gives the whole API', () => {
  for (const name of ['Signer', 'Verifier', 'IdentityHmacError', 'sign', 'verify', 'generateSecret']) {
    assert.equal(typeof identityHmac[name], 'function', name)
  }
  assert.equal(typeof identityHmac.version, 'string')
  const expected = createHmac('sha256', 'your_web_widget_hmac_token').update('some_identifier').digest('hex')
  assert.equal(identityHmac.sign('your_web_widget_hmac_token', 'some_identifier'), expected)
})

test('import() gives the same objects as require()', async () => {
  const esm = await import('identity-hmac')
  for (const name of ['Signer', 'Verifier', 'IdentityHmacError', 'sign', 'verify', 'generateSecret', 'version']) {
    assert.equal(esm[name], identityHmac[name], name)
  }
  try {
    new identityHmac.Signer('')
    assert.fail('an empty secret must throw')
  } catch (error) {
    assert.ok(error instanceof esm.IdentityHmacError)
  }
})

test('generateSecret gives 64 hex characters that Signer accepts as hex', () => {
  const secrets = new Set()
  for (let i = 0; i < 50; i++) {
    const secret = identityHmac.generateSecret()
    assert.match(secret, /^[0-9a-f]{64}$/)
    secrets.add(secret)
    const signer = new identityHmac.Signer(secret, { secretEncoding: 'hex' })
    assert.equal(signer.sign('id'), createHmac('sha256', Buffer.from(secret, 'hex')).update('id').digest('hex'))
  }
  assert.equal(secrets.size, 50)
})
