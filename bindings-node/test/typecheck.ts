// Type-checked with `tsc --noEmit --strict` against the installed index.d.ts.
import { IdentityHmacError, Signer, Verifier, generateSecret, sign, verify, version } from 'identity-hmac'
import type { Identifier, IdentityHmacErrorCode, SignManyOutput, SignerOptions } from 'identity-hmac'

const options: SignerOptions = { secretEncoding: 'hex' }
const signer = new Signer(generateSecret(), options)
const ids: Identifier[] = ['user@example.com', 42, 42n, Buffer.from('raw'), new Uint8Array([1, 2])]
const one: string = signer.sign(ids[0])
const many: string[] = signer.signMany(ids)
const raw: Buffer = signer.digest('user@example.com')
const ok: boolean = signer.verify('user@example.com', one) && verify('token', 'id', one)
const chatwoot: string = sign('your_web_widget_hmac_token', 'some_identifier')
const rotation = new Verifier(['new-token', 'old-token'])
const index: number | null = rotation.matchingKey('id', chatwoot)
const size: number = rotation.size
const v: string = version

try {
  new Signer('not hex', { secretEncoding: 'hex' })
} catch (error) {
  if (error instanceof IdentityHmacError) {
    const code: IdentityHmacErrorCode = error.code
    const message: string = error.message
    const position: number | undefined = error.position
    void [code, message, position]
  }
}

// @ts-expect-error: only 'text' and 'hex' are encodings
new Signer('x', { secretEncoding: 'base64' })
// @ts-expect-error: booleans are not identifiers
signer.sign(true)
// @ts-expect-error: a presented hash is a string (or its bytes), never null
signer.verify('id', null)
// Absent or null options and encodings mean 'text'.
new Signer('x', null)
new Signer('x', { secretEncoding: null })
const readonlySecrets: readonly string[] = ['new', 'old']
new Verifier(readonlySecrets)
const readonlyIds: readonly Identifier[] = ['a', 1]
signer.signMany(readonlyIds)
const hexBuffer: Buffer = signer.signMany(ids, { output: 'hexBuffer' })
const rawBuffer: Buffer = signer.signMany(readonlyIds, { output: 'rawBuffer' })
const strings: string[] = signer.signMany(ids, { output: 'strings' })
const defaults: string[] = signer.signMany(ids, {}) && signer.signMany(ids, null) && signer.signMany(ids, { output: null })
// @ts-expect-error: a buffer output is not an array of strings
const notStrings: string[] = signer.signMany(ids, { output: 'hexBuffer' })
// @ts-expect-error: 'hex' is not an output (it is 'hexBuffer')
signer.signMany(ids, { output: 'hex' })
declare const someOutput: SignManyOutput
const either: string[] | Buffer = signer.signMany(ids, { output: someOutput })
// @ts-expect-error: an output only known at run time may be a Buffer
const onlyStrings: string[] = signer.signMany(ids, { output: someOutput })
void [hexBuffer, rawBuffer, strings, defaults, notStrings, either, onlyStrings]

void [many, raw, ok, index, size, v]

// Presets, identify, identifyScript, signToken, TokenVerifier.
import { TokenVerifier, identify, identifyScript, signToken, widgets } from 'identity-hmac'
import type { Claims, IdentityFields, User, Widget } from 'identity-hmac'

const preset: Widget = 'intercom-jwt'
const all: readonly Widget[] = widgets
const user: User = { identifier: 9007199254740993n, email: 'a@example.com', name: 'A' }
const fields: IdentityFields = identify('chatwoot', 'token', user)
const hash: string | undefined = fields.identifier_hash
const script: string = identifyScript('pylon', generateSecret(), user, { page: { app_id: 'x' }, nonce: 'abc' })
const jwt: string = identifyScript('zendesk', 'k', user, { keyId: 'kid', expiresIn: 300, now: 1 })
const token: string = signToken('secret', { user_id: '1' }, { expiresIn: 3600, keyId: 'k' })
signToken('secret', '{"user_id":"1"}')
const tokens = new TokenVerifier(['s', ['kid', Buffer.from('k')]], { leeway: 0, maxLifetime: 3600, requiredClaims: ['user_id'] })
const claims: Claims = tokens.verify(token, { now: 1 })
const tokenKeys: number = tokens.size
try {
  identify('pylon', 'x', {})
} catch (error) {
  if (error instanceof IdentityHmacError && error.code === 'MISSING_FIELD') {
    const field: string | undefined = error.field
    void field
  }
}
// @ts-expect-error: a misspelled preset does not compile
identify('chatwot', 'token', user)
// @ts-expect-error: an unknown user field does not compile
identify('chatwoot', 'token', { identifer: 'x' })
// @ts-expect-error: a token is a string
tokens.verify(42)
// @ts-expect-error: a key pair is [keyId, secret]
new TokenVerifier([['kid']])

void [preset, all, hash, script, jwt, claims, tokenKeys]
