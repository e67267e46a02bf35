// The lean path behind Signer.sign and Signer.signBytes (see src/lean.rs for
// why): one JNA direct-mapped call with one plain array instead of uniffi's four
// calls with tracked Structures. It only moves bytes; the Rust core hashes and hex-encodes.
package io.github.identityhmac

import com.sun.jna.Native

internal object LeanSign {
    private const val HEX_LEN = 64

    init {
        // The same name and loader as the generated UniffiLib, so JNA reuses that loaded library.
        UniffiLib.ensureInitialized()
        val name = System.getProperty("uniffi.component.identity_hmac_kotlin.libraryOverride") ?: "identity_hmac_kotlin"
        Native.register(LeanSign::class.java, name)
    }

    /** `buffer` = 64 bytes that receive the hex, then `len` identifier bytes. */
    @Suppress("FunctionName")
    private external fun identity_hmac_kotlin_signer_sign_hex(signer: Long, buffer: ByteArray, len: Int): Int

    /** The hash of [identifier]; [handle] must stay alive during the call. */
    fun signHex(handle: Long, identifier: ByteArray): String {
        val buffer = ByteArray(HEX_LEN + identifier.size)
        identifier.copyInto(buffer, HEX_LEN)
        if (identity_hmac_kotlin_signer_sign_hex(handle, buffer, identifier.size) != 0) {
            throw InternalException("identity_hmac_kotlin_signer_sign_hex refused its arguments")
        }
        // The core wrote 64 ASCII hex characters.
        return String(buffer, 0, HEX_LEN, Charsets.ISO_8859_1)
    }

    /**
     * [signHex] of [identifier]'s UTF-8 bytes. A string with surrogates goes through
     * uniffi's strict encoder, so a lone surrogate throws exactly as in every other
     * call; any other string encodes the same through the JDK's fast path.
     */
    fun signHex(handle: Long, identifier: String): String {
        for (char in identifier) {
            if (Character.isSurrogate(char)) {
                val utf8 = FfiConverterString.toUtf8(identifier)
                return signHex(handle, ByteArray(utf8.remaining()).also { utf8.get(it) })
            }
        }
        return signHex(handle, identifier.toByteArray(Charsets.UTF_8))
    }
}
