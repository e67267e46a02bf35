'use strict'
// The package's entry point, written by hand. It defines IdentityHmacError,
// hands it to the native module (which throws it for core errors), and puts
// the native classes behind JavaScript classes: those cannot be called
// without `new`, and their methods and getters throw a TypeError when called
// on a foreign object (a private field is read first). The types of all of
// it are in index.d.ts, which napi-rs generates from the Rust source.

const native = require('./index.js')

/** Thrown for an invalid secret, an unknown secret encoding, a wrong number of secrets or a failed random source. */
class IdentityHmacError extends Error {
  constructor(message, code, details) {
    super(message)
    this.code = code
    if (details) {
      if (details.reason !== undefined) this.reason = details.reason
      if (details.position !== undefined) this.position = details.position
      if (details.secretIndex !== undefined) this.secretIndex = details.secretIndex
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
  signMany(identifiers) {
    return this.#native.signMany(identifiers)
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

exports.IdentityHmacError = IdentityHmacError
exports.Signer = Signer
exports.Verifier = Verifier
exports.sign = native.sign
exports.verify = native.verify
exports.generateSecret = native.generateSecret
exports.version = native.version
exports.__napiBindingTarget = native.__napiBindingTarget
