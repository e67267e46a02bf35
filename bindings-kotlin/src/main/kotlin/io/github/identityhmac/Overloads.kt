// Kotlin conveniences over the generated binding: ByteArray overloads of the
// identifier-taking calls and a `code` property on every exception. They only
// forward to the generated API, which calls the Rust core.
@file:JvmName("IdentityHmacOverloads")

package io.github.identityhmac

/** The stable code of this error, the same in every language (`EMPTY_SECRET`, ...). */
val IdentityHmacException.code: String
    get() = code()

/** The identity hash (64 lowercase hex characters) of raw identifier bytes. */
fun Signer.sign(identifier: ByteArray): String = signBytes(identifier)

/** The raw 32-byte HMAC of raw identifier bytes. */
fun Signer.digest(identifier: ByteArray): ByteArray = digestBytes(identifier)

/** Whether [identityHash] is the hash of raw identifier bytes; malformed hashes are `false`. */
fun Signer.verify(identifier: ByteArray, identityHash: String): Boolean = verifyBytes(identifier, identityHash)

/** Like [Signer.verify] for raw bytes, but throws [IdentityHmacException.MalformedHash] for a malformed hash. */
fun Signer.check(identifier: ByteArray, identityHash: String): Boolean = checkBytes(identifier, identityHash)

/** The hashes of many raw identifiers, in order. */
@JvmName("signManyByteArrays")
fun Signer.signMany(identifiers: List<ByteArray>): List<String> = signManyBytes(identifiers)

/** Whether [identityHash] matches raw identifier bytes under any of the secrets. */
fun Verifier.verify(identifier: ByteArray, identityHash: String): Boolean = verifyBytes(identifier, identityHash)

/** The index (0 = newest) of the secret that matches raw identifier bytes, or null. */
fun Verifier.matchingKey(identifier: ByteArray, identityHash: String): Int? = matchingKeyBytes(identifier, identityHash)

/** One-shot [Signer.sign] of raw identifier bytes. */
fun sign(secret: String, identifier: ByteArray, secretEncoding: SecretEncoding): String =
    signBytes(secret, identifier, secretEncoding)

/** One-shot [Signer.verify] of raw identifier bytes. */
fun verify(secret: String, identifier: ByteArray, identityHash: String, secretEncoding: SecretEncoding): Boolean =
    verifyBytes(secret, identifier, identityHash, secretEncoding)
