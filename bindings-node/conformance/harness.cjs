// Reads the runner's TAB-separated requests on stdin and answers one line
// each, through the package installed by prepare.sh (never the source tree).
const { createRequire } = require('node:module')
const path = require('node:path')
const readline = require('node:readline')

const project = process.argv[2]
const { IdentityHmacError, Signer, TokenVerifier, signToken } = createRequire(path.join(project, 'package.json'))('identity-hmac')

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** A string when the bytes are valid UTF-8, else a Buffer, as a user would pass them. */
function native(hex) {
  const bytes = Buffer.from(hex, 'hex')
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return bytes
  }
}

const utf8 = (hex) => Buffer.from(hex, 'hex').toString('utf8')

/** The `tokens` group: token_verify and token_sign. */
function tokenAnswer(fields) {
  const [kind, id, encoding] = fields
  try {
    if (kind === 'token_verify') {
      const [, , , keys, tokenHex, now, leeway, maxLifetime, requiredHex] = fields
      const list = keys.split(',').map((entry) => {
        const [kidHex, secretHex] = entry.split(':')
        return kidHex === '' ? native(secretHex) : [utf8(kidHex), native(secretHex)]
      })
      const verifier = new TokenVerifier(list, {
        secretEncoding: encoding,
        leeway: Number(leeway),
        maxLifetime: maxLifetime === '-' ? null : Number(maxLifetime),
        requiredClaims: JSON.parse(utf8(requiredHex)),
      })
      const claims = verifier.verify(utf8(tokenHex), { now: Number(now) })
      return `${id}\tclaims\t${Buffer.from(JSON.stringify(claims), 'utf8').toString('hex')}`
    }
    const [, , , secretHex, claimsHex, now, expiresIn, kidHex] = fields
    // The host map path: JSON text parsed by JSON.parse, then signed as an object.
    const claims = JSON.parse(utf8(claimsHex))
    const token = signToken(native(secretHex), claims, {
      secretEncoding: encoding,
      now: Number(now),
      expiresIn: expiresIn === '-' ? null : Number(expiresIn),
      keyId: kidHex === '-' ? null : utf8(kidHex),
    })
    return `${id}\ttoken\t${token}`
  } catch (error) {
    if (error instanceof IdentityHmacError) return `${id}\terror\t${error.code}`
    return `${id}\terror\t${error.name}: ${String(error.message).replace(/\s+/g, ' ')}`
  }
}

function answer(fields) {
  const [kind, id, encoding, secretHex, identifierHex, presentedHex] = fields
  if (kind === 'token_verify' || kind === 'token_sign') return tokenAnswer(fields)
  try {
    const signer = new Signer(native(secretHex), { secretEncoding: encoding })
    switch (kind) {
      case 'secret':
        return `${id}\tok`
      case 'sign':
        return `${id}\thash\t${signer.sign(native(identifierHex))}`
      case 'verify':
        return `${id}\tbool\t${signer.verify(native(identifierHex), native(presentedHex))}`
      default:
        return `${id}\tunsupported\tunknown request kind`
    }
  } catch (error) {
    if (error instanceof IdentityHmacError) return `${id}\terror\t${error.code}`
    return `${id}\terror\t${error.name}: ${String(error.message).replace(/\s+/g, ' ')}`
  }
}

const lines = []
readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on('line', (line) => {
    if (line.length > 0) lines.push(answer(line.split('\t')))
  })
  .on('close', () => {
    process.stdout.write(lines.length ? lines.join('\n') + '\n' : '')
  })
