// Reads the runner's TAB-separated requests on stdin and answers one line
// each, through the package installed by prepare.sh (never the source tree).
const { createRequire } = require('node:module')
const path = require('node:path')
const readline = require('node:readline')

const project = process.argv[2]
const { IdentityHmacError, Signer } = createRequire(path.join(project, 'package.json'))('identity-hmac')

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

function answer(fields) {
  const [kind, id, encoding, secretHex, identifierHex, presentedHex] = fields
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
