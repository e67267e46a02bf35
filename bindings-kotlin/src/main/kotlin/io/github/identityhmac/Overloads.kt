// Kotlin conveniences over the generated binding: ByteArray and Long overloads
// of Verifier's calls, a `code` property on every exception, and the UTF-16
// conversion of the SecretString custom type (uniffi.toml). They only forward
// to the generated API, which calls the Rust core.
@file:JvmName("IdentityHmacOverloads")

package io.github.identityhmac

/** The stable code of this error, the same in every language (`EMPTY_SECRET`, ...). */
val IdentityHmacException.code: String
    get() = code()

/** Whether [identityHash] matches raw identifier bytes under any of the secrets. */
fun Verifier.verify(identifier: ByteArray, identityHash: String): Boolean = verifyBytes(identifier, identityHash)

/** Whether [identityHash] matches an integer identifier's decimal string under any of the secrets. */
fun Verifier.verify(identifier: Long, identityHash: String): Boolean = verify(identifier.toString(), identityHash)

/** The index (0 = newest) of the secret that matches raw identifier bytes, or null. */
fun Verifier.matchingKey(identifier: ByteArray, identityHash: String): Int? = matchingKeyBytes(identifier, identityHash)

/** The index (0 = newest) of the secret that matches an integer identifier's decimal string, or null. */
fun Verifier.matchingKey(identifier: Long, identityHash: String): Int? = matchingKey(identifier.toString(), identityHash)

/**
 * How a secret String crosses to Rust: its UTF-16 code units, two little-endian
 * bytes each, copied char by char so that a lone surrogate arrives as it is
 * (the JVM's UTF-8 encoders would replace it or throw) and the core reports it
 * as `INVALID_TEXT_SECRET`.
 */
internal object SecretStrings {
    fun utf16(secret: String): ByteArray {
        val bytes = ByteArray(secret.length * 2)
        for (i in secret.indices) {
            val unit = secret[i].code
            bytes[2 * i] = unit.toByte()
            bytes[2 * i + 1] = (unit shr 8).toByte()
        }
        return bytes
    }

    fun fromUtf16(bytes: ByteArray): String =
        String(CharArray(bytes.size / 2) { (bytes[2 * it].toInt() and 0xff or ((bytes[2 * it + 1].toInt() and 0xff) shl 8)).toChar() })
}
