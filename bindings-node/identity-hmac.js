'use strict'
// The package's entry point, written by hand. It defines IdentityHmacError,
// hands it to the native module (which throws it for core errors), and puts
// the native classes behind JavaScript classes: those cannot be called
// without `new`, and their methods and getters throw a TypeError when called
// on a foreign object (a private field is read first). The types of all of
// it are in index.d.ts, which napi-rs generates from the Rust source.

// The platform packages (optionalDependencies of this one), named as napi-rs
// names them: process.platform-process.arch, plus the C library on Linux.
const PLATFORM_PACKAGES = ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64-gnu']

const native = loadNative()

/**
 * napi-rs's loader (index.js) picks the platform package. When it finds none,
 * its error names neither the platform nor the package, so the error here
 * does. Windows: the loader looks for a GNU build only under a MinGW Node and
 * for MSVC under every other, but the package built here is the GNU one (it
 * finds Node-API in node.exe at run time, so any Node can load it).
 */
function loadNative() {
  let loaderError
  try {
    return require('./index.js')
  } catch (error) {
    loaderError = error
  }
  const platform = nodePlatform()
  const packageName = `identity-hmac-${platform}`
  let message
  try {
    require.resolve(`${packageName}/package.json`)
  } catch {
    message = PLATFORM_PACKAGES.includes(platform)
      ? `identity-hmac has no native binding for ${platform}: install ${packageName}, ` +
        'an optional dependency of identity-hmac (reinstall without --omit=optional or --no-optional)'
      : `identity-hmac has no native binding for ${platform}: prebuilt ones exist for ${PLATFORM_PACKAGES.join(', ')}`
  }
  if (!message) {
    // Installed: the Windows case above, or a binary this system cannot load.
    try {
      return require(packageName)
    } catch (error) {
      loaderError = error
      message = `identity-hmac could not load its native binding ${packageName}: ${error.message}`
    }
  }
  const error = new Error(message)
  error.cause = loaderError
  throw error
}

/** The platform as the platform packages are named. */
function nodePlatform() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform === 'win32') return process.arch === 'x64' ? `${base}-gnu` : base
  if (process.platform !== 'linux') return base
  return `${base}-${isMusl() ? 'musl' : 'gnu'}`
}

/** The C library, told the way napi-rs's loader tells it. */
function isMusl() {
  try {
    return require('node:fs').readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {}
  const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
  if (!report) return false
  if (report.header && report.header.glibcVersionRuntime) return false
  return Array.isArray(report.sharedObjects) && report.sharedObjects.some((file) => file.includes('libc.musl-') || file.includes('ld-musl-'))
}

/** Thrown for every core error (a bad secret, preset input, claims or token); `code` says which. */
class IdentityHmacError extends Error {
  constructor(message, code, details) {
    super(message)
    this.code = code
    if (details) {
      if (details.reason !== undefined) this.reason = details.reason
      if (details.position !== undefined) this.position = details.position
      if (details.secretIndex !== undefined) this.secretIndex = details.secretIndex
      if (details.field !== undefined) this.field = details.field
      if (details.claim !== undefined) this.claim = details.claim
    }
  }
}
Object.defineProperty(IdentityHmacError.prototype, 'name', {
  value: 'IdentityHmacError',
  writable: true,
  configurable: true,
})

native.__setErrorClass(IdentityHmacError)

// src/fast.rs: the same calls without napi-rs's per-method bookkeeping.
const signerSign = native.__signerSign
const signerVerify = native.__signerVerify

class Signer {
  #native
  constructor(secret, options) {
    this.#native = new native.Signer(secret, options)
  }
  sign(identifier) {
    return signerSign(this.#native, identifier)
  }
  digest(identifier) {
    return this.#native.digest(identifier)
  }
  verify(identifier, identityHash) {
    return signerVerify(this.#native, identifier, identityHash)
  }
  signMany(identifiers, options) {
    return this.#native.signMany(identifiers, options)
  }
}

class Verifier {
  #native
  constructor(secrets, options) {
    this.#native = new native.Verifier(secrets, options)
  }
  verify(identifier, identityHash) {
    return this.#native.verify(identifier, identityHash)
  }
  matchingKey(identifier, identityHash) {
    return this.#native.matchingKey(identifier, identityHash)
  }
  get size() {
    return this.#native.size
  }
}

/** Refuses what JSON has no text for, as the other bindings' encoders do. */
function finiteNumbers(key, value) {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('a non-finite number')
  return value
}

/**
 * A claims object as JSON text, by JSON.stringify. What it cannot encode (a
 * BigInt, a cycle, NaN or Infinity, nesting deeper than the stack) is the
 * core's INVALID_CLAIMS, without the host's message, which may quote a value.
 * Strings (JSON text) and other types go to the native call as they are.
 */
function claimsJson(claims) {
  if (typeof claims !== 'object' || claims === null) return claims
  try {
    return JSON.stringify(claims, finiteNumbers)
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) native.__claimsNotEncodable()
    throw error
  }
}

function signToken(secret, claims, options) {
  return native.signToken(secret, claimsJson(claims), options)
}

class TokenVerifier {
  #native
  constructor(keys, options) {
    this.#native = new native.TokenVerifier(keys, options)
  }
  verify(token, options) {
    // The core's claims as JSON text, parsed by the host's JSON library.
    return JSON.parse(this.#native.verify(token, options))
  }
  get size() {
    return this.#native.size
  }
}

exports.IdentityHmacError = IdentityHmacError
exports.Signer = Signer
exports.Verifier = Verifier
exports.sign = native.sign
exports.verify = native.verify
exports.generateSecret = native.generateSecret
exports.identify = native.identify
exports.identifyScript = native.identifyScript
exports.signToken = signToken
exports.TokenVerifier = TokenVerifier
exports.widgets = Object.freeze(native.__widgets())
exports.version = native.version
exports.__napiBindingTarget = native.__napiBindingTarget
