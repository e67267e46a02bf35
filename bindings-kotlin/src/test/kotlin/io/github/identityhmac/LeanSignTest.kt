package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Signer.sign and signBytes take one JNA direct-mapped call (src/lean.rs); the edges of that path. */
class LeanSignTest {
    private val secret = "your_web_widget_hmac_token"
    private val key = secret.toByteArray(Charsets.UTF_8)

    @Test
    fun `empty, multi-megabyte and astral identifiers match the JDK`() {
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            for (identifier in listOf("", "a", "\uD83D\uDE00 user", "é".repeat(3 * 1024 * 1024 / 2))) {
                val utf8 = identifier.toByteArray(Charsets.UTF_8)
                assertEquals(jdkHmacHex(key, utf8), signer.sign(identifier))
                assertEquals(jdkHmacHex(key, utf8), signer.signBytes(utf8))
            }
        }
    }

    @Test
    fun `a closed signer refuses signBytes as well as sign`() {
        val signer = Signer(secret, SecretEncoding.TEXT)
        signer.close()
        assertThrows<IllegalStateException> { signer.sign("id") }
        assertThrows<IllegalStateException> { signer.signBytes(byteArrayOf(1, 2)) }
    }

    @Test
    fun `a million signs in a row keep agreeing with the uniffi path`() {
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            repeat(1_000_000) { i ->
                val identifier = "user-$i@example.com"
                val hash = signer.sign(identifier)
                // digest still goes through uniffi's generated call: both paths agree.
                if (i % 50_000 == 0) assertEquals(hex.formatHex(signer.digest(identifier)), hash)
            }
        }
    }

    @Test
    fun `the raw entry point writes the hash into the buffer, in front of the identifier`() {
        // Private members, reached by reflection, to check the buffer protocol itself.
        val native = LeanSign::class.java.getDeclaredMethod(
            "identity_hmac_kotlin_signer_sign_hex", Long::class.javaPrimitiveType, ByteArray::class.java, Int::class.javaPrimitiveType,
        ).apply { isAccessible = true }
        val handleGetter = Signer::class.java.getDeclaredMethod("getHandle").apply { isAccessible = true }
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            for (identifier in listOf("", "user-1@example.com", "\uD83D\uDE00".repeat(1000))) {
                val utf8 = identifier.toByteArray(Charsets.UTF_8)
                val buffer = ByteArray(64 + utf8.size)
                utf8.copyInto(buffer, 64)
                assertEquals(0, native.invoke(LeanSign, handleGetter.invoke(signer), buffer, utf8.size))
                assertEquals(jdkHmacHex(key, utf8), String(buffer, 0, 64, Charsets.ISO_8859_1))
                assertEquals(signer.sign(identifier), String(buffer, 0, 64, Charsets.ISO_8859_1))
                assertArrayEquals(utf8, buffer.copyOfRange(64, buffer.size))
            }
            // Invalid arguments are refused, not dereferenced.
            assertEquals(-1, native.invoke(LeanSign, 0L, ByteArray(64), 0))
            assertEquals(-1, native.invoke(LeanSign, handleGetter.invoke(signer), ByteArray(64), -1))
        }
    }
}
