package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.charset.CharacterCodingException

/** Every error path: the type, the DESIGN code, and no trace of the secret in any message. */
class ErrorTest {
    private val textSecret = "Zq7-sEcReT-w0rd-9wXv"
    private val hexSecret = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"

    /** Asserts the code, and that neither the message nor toString() shows any secret. */
    private fun assertError(expectedCode: String, error: IdentityHmacException, vararg secrets: String) {
        assertEquals(expectedCode, error.code)
        assertEquals(expectedCode, error.code())
        assertTrue(error.message!!.contains(expectedCode), "the message names its code")
        for (secret in secrets.toList() + listOf(textSecret, hexSecret)) {
            assertNoSecretIn(error.message, secret)
            assertNoSecretIn(error.toString(), secret)
            assertNoSecretIn(error.stackTraceToString(), secret)
        }
    }

    @Test
    fun `an empty secret is EMPTY_SECRET in every constructor and one-shot call`() {
        for (encoding in SecretEncoding.entries) {
            val goodSecret = if (encoding == SecretEncoding.HEX) hexSecret else textSecret
            val errors = listOf(
                assertThrows<IdentityHmacException> { Signer("", encoding) },
                assertThrows<IdentityHmacException> { Verifier(listOf(goodSecret, ""), encoding).close() },
                assertThrows<IdentityHmacException> { sign("", "id", encoding) },
                assertThrows<IdentityHmacException> { sign("", "id".toByteArray(), encoding) },
                assertThrows<IdentityHmacException> { verify("", "id", "00".repeat(32), encoding) },
                assertThrows<IdentityHmacException> { verify("", "id".toByteArray(), "00".repeat(32), encoding) },
            )
            errors.forEach { error ->
                assertInstanceOf(IdentityHmacException.EmptySecret::class.java, error)
                assertTrue(error.isInvalidSecret())
                assertError("EMPTY_SECRET", error)
            }
        }
        val fromBytes = assertThrows<IdentityHmacException.EmptySecret> { Signer.fromBytes(ByteArray(0)) }
        assertError("EMPTY_SECRET", fromBytes)
        assertEquals("empty", fromBytes.reason)
        assertError("EMPTY_SECRET", assertThrows<IdentityHmacException.EmptySecret> { checkKey(ByteArray(0)) })
    }

    @Test
    fun `a malformed hex secret is INVALID_HEX_SECRET with reason and position`() {
        data class Case(val secret: String, val reason: String, val position: Long, val hint: String)
        val cases = listOf(
            Case(hexSecret.dropLast(1), "odd length", 63, "missing"),
            Case(hexSecret.substring(0, 10) + "g" + hexSecret.substring(11), "invalid character", 10, "only 0-9"),
            Case(" $hexSecret", "invalid character", 0, "white space"),
            Case("$hexSecret\n", "invalid character", 64, "white space"),
            Case("0x$hexSecret", "invalid character", 1, "0x prefix"),
            Case(hexSecret.substring(0, 20) + "\uff11" + hexSecret.substring(21), "invalid character", 20, "non-ASCII"),
        )
        for (case in cases) {
            val error = assertThrows<IdentityHmacException.InvalidHexSecret> { Signer(case.secret, SecretEncoding.HEX) }
            assertEquals(case.reason, error.reason)
            assertEquals(case.position, error.position)
            assertTrue(error.detail.contains(case.hint), "detail ${error.detail} names the hint ${case.hint}")
            assertTrue(error.isInvalidSecret())
            assertError("INVALID_HEX_SECRET", error, case.secret)
            // The same from the rotation and one-shot entry points.
            assertError("INVALID_HEX_SECRET", assertThrows { Verifier(listOf(hexSecret, case.secret), SecretEncoding.HEX) }, case.secret)
            assertError("INVALID_HEX_SECRET", assertThrows { sign(case.secret, "id", SecretEncoding.HEX) }, case.secret)
            assertError("INVALID_HEX_SECRET", assertThrows { verify(case.secret, "id", "00".repeat(32), SecretEncoding.HEX) }, case.secret)
        }
    }

    @Test
    fun `a text secret that looks like bad hex is accepted as text`() {
        Signer("0x not hex at all", SecretEncoding.TEXT).use { assertEquals(64, it.sign("id").length) }
    }

    @Test
    fun `an unknown encoding name is UNKNOWN_SECRET_ENCODING`() {
        assertEquals(SecretEncoding.TEXT, parseSecretEncoding("text"))
        assertEquals(SecretEncoding.HEX, parseSecretEncoding("hex"))
        for (name in listOf("", "TEXT", "Hex", "base64", " hex", "hex ", textSecret)) {
            val error = assertThrows<IdentityHmacException.UnknownSecretEncoding> { parseSecretEncoding(name) }
            assertFalse(error.isInvalidSecret())
            assertError("UNKNOWN_SECRET_ENCODING", error)
        }
    }

    @Test
    fun `a verifier needs 1 to 16 secrets`() {
        val none = assertThrows<IdentityHmacException.NoSecrets> { Verifier(emptyList(), SecretEncoding.TEXT) }
        assertFalse(none.isInvalidSecret())
        assertError("NO_SECRETS", none)

        val secrets = List(17) { "$textSecret-$it" }
        val tooMany = assertThrows<IdentityHmacException.TooManySecrets> { Verifier(secrets, SecretEncoding.TEXT) }
        assertError("TOO_MANY_SECRETS", tooMany, *secrets.toTypedArray())
        // Construction stops at the 17th secret before decoding it: a bad 17th is still TOO_MANY_SECRETS.
        val badSeventeenth = secrets.take(16) + ""
        assertError("TOO_MANY_SECRETS", assertThrows<IdentityHmacException.TooManySecrets> { Verifier(badSeventeenth, SecretEncoding.TEXT) })

        Verifier(secrets.take(16), SecretEncoding.TEXT).use { assertEquals(16, it.size()) }
    }

    @Test
    fun `a malformed presented hash is false for verify and MALFORMED_HASH for check`() {
        val malformed = listOf("", "abc", "0".repeat(63), "0".repeat(65), "g".repeat(64), " " + "0".repeat(63), "\u00e9".repeat(32))
        Signer(textSecret, SecretEncoding.TEXT).use { signer ->
            Verifier(listOf(textSecret), SecretEncoding.TEXT).use { verifier ->
                for (hash in malformed) {
                    assertFalse(signer.verify("id", hash))
                    assertFalse(signer.verify("id".toByteArray(), hash))
                    assertFalse(verifier.verify("id", hash))
                    assertEquals(null, verifier.matchingKey("id", hash))
                    assertFalse(verify(textSecret, "id", hash, SecretEncoding.TEXT))
                    val error = assertThrows<IdentityHmacException.MalformedHash> { signer.check("id", hash) }
                    assertError("MALFORMED_HASH", error)
                    assertError("MALFORMED_HASH", assertThrows { signer.check("id".toByteArray(), hash) })
                    assertFalse(error.isInvalidSecret())
                }
            }
        }
    }

    @Test
    fun `an identifier with a lone surrogate is refused by the JVM encoder, not hashed as a question mark`() {
        Signer(textSecret, SecretEncoding.TEXT).use { signer ->
            for (identifier in listOf("user\uD800", "\uDC00", "a?b\uD83D")) {
                assertThrows<CharacterCodingException> { signer.sign(identifier) }
                assertThrows<CharacterCodingException> { signer.digest(identifier) }
                assertThrows<CharacterCodingException> { signer.verify(identifier, "00".repeat(32)) }
                assertThrows<CharacterCodingException> { signer.signMany(listOf("fine", identifier)) }
                assertThrows<CharacterCodingException> { sign(textSecret, identifier, SecretEncoding.TEXT) }
            }
            // A real question mark is hashed as one.
            assertEquals(jdkHmacHex(textSecret.toByteArray(), "a?b".toByteArray()), signer.sign("a?b"))
        }
    }

    @Test
    fun `a secret with a lone surrogate is INVALID_TEXT_SECRET at its UTF-16 position`() {
        for ((secret, position) in listOf("Zq7-w0rd\uDC00" to 8L, "\uD800Zq7x" to 0L, "\uD83D\uDE00ok\uD83D" to 4L)) {
            for (encoding in SecretEncoding.entries) {
                val errors = listOf(
                    assertThrows<IdentityHmacException.InvalidTextSecret> { Signer(secret, encoding) },
                    assertThrows<IdentityHmacException.InvalidTextSecret> { sign(secret, "id", encoding) },
                    assertThrows<IdentityHmacException.InvalidTextSecret> { verify(secret, "id", "00".repeat(32), encoding) },
                    assertThrows<IdentityHmacException.InvalidTextSecret> { checkSecret(secret, encoding) },
                )
                for (error in errors) {
                    assertEquals(position, error.position)
                    assertEquals("lone surrogate", error.reason)
                    assertEquals(null, error.secretIndex)
                    assertTrue(error.isInvalidSecret())
                    assertError("INVALID_TEXT_SECRET", error, secret)
                }
                val goodSecret = if (encoding == SecretEncoding.HEX) hexSecret else textSecret
                val inList = assertThrows<IdentityHmacException.InvalidTextSecret> { Verifier(listOf(goodSecret, secret), encoding) }
                assertEquals(1L, inList.secretIndex)
                assertEquals(position, inList.position)
            }
        }
    }

    @Test
    fun `a verifier's error names the secret that failed`() {
        val empty = assertThrows<IdentityHmacException.EmptySecret> { Verifier(listOf(textSecret, "x", ""), SecretEncoding.TEXT) }
        assertEquals(2L, empty.secretIndex)
        assertTrue(empty.detail.contains("index 2"), empty.detail)
        val badHex = assertThrows<IdentityHmacException.InvalidHexSecret> { Verifier(listOf(hexSecret, "abc"), SecretEncoding.HEX) }
        assertEquals(1L, badHex.secretIndex)
        assertEquals("odd length", badHex.reason)
        assertEquals(3L, badHex.position)
        assertError("INVALID_HEX_SECRET", badHex)
        // Outside a list there is no index.
        assertEquals(null, assertThrows<IdentityHmacException.EmptySecret> { Signer("", SecretEncoding.TEXT) }.secretIndex)
    }

    @Test
    fun `checkIdentityHash says why a presented hash is malformed`() {
        checkIdentityHash("AB".repeat(32))
        val short = assertThrows<IdentityHmacException.MalformedHash> { checkIdentityHash("abc") }
        assertError("MALFORMED_HASH", short)
        val badCharacter = assertThrows<IdentityHmacException.MalformedHash> { Signer(textSecret, SecretEncoding.TEXT).use { it.check("id", "0".repeat(10) + "g" + "0".repeat(53)) } }
        assertEquals(10L, badCharacter.position)
        assertEquals("invalid character", badCharacter.reason)
        // A lone surrogate in a presented hash is malformed too, never an encoder exception.
        Signer(textSecret, SecretEncoding.TEXT).use { signer ->
            assertFalse(signer.verify("id", "\uD800" + "0".repeat(63)))
            assertError("MALFORMED_HASH", assertThrows<IdentityHmacException.MalformedHash> { signer.check("id", "\uD800" + "0".repeat(63)) })
        }
    }

    @Test
    fun `a closed signer refuses further calls`() {
        val signer = Signer(textSecret, SecretEncoding.TEXT)
        signer.close()
        signer.close() // closing twice is harmless
        assertThrows<IllegalStateException> { signer.sign("id") }
        assertThrows<IllegalStateException> { signer.sign("id".toByteArray()) }
        assertThrows<IllegalStateException> { signer.verify("id", "00".repeat(32)) }
        assertThrows<IllegalStateException> { signer.signMany(listOf("id")) }
        assertEquals("Signer(<redacted>)", signer.toString())
    }

    @Test
    fun `every core code has its own named exception class`() {
        val codes = errorCodes()
        assertTrue(codes.containsAll(listOf("EMPTY_SECRET", "MISSING_FIELD", "INVALID_CLAIMS", "TOKEN_EXPIRED")), codes.toString())
        assertEquals(codes.toSet(), errorCodes.toSet(), "TestSupport's list of codes is the core's")
        val classes = codes.map { code ->
            val error = assertThrows<IdentityHmacException> { raiseSampleError(code) }
            assertEquals(code, error.code)
            assertFalse(error is IdentityHmacException.Other, "$code falls into Other")
            // The class is named after the code: MISSING_FIELD is MissingField.
            val name = code.lowercase().split("_").joinToString("") { part -> part.replaceFirstChar(Char::uppercase) }
            assertEquals(name, error::class.simpleName, code)
            error::class
        }
        assertEquals(codes.size, classes.toSet().size, "one class per code")
        raiseSampleError("NOT_A_CODE") // not a code: nothing to raise
    }

    @Test
    fun `exceptions are catchable through the sealed base class in Java style`() {
        try {
            Signer("", SecretEncoding.TEXT)
            error("no exception")
        } catch (e: IdentityHmacException) {
            val code = when (e) {
                is IdentityHmacException.EmptySecret -> e.code
                else -> "other"
            }
            assertEquals("EMPTY_SECRET", code)
        }
    }
}
