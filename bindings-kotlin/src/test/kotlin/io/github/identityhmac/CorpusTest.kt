package io.github.identityhmac

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files

/**
 * Every vector of the shared corpus (conformance/corpus.json, read in place).
 * Identifiers go in as String when their bytes are UTF-8, else as ByteArray.
 */
class CorpusTest {
    private val corpus: JSONObject = JSONObject(Files.readString(repoRoot.resolve("conformance/corpus.json")))

    private fun bytes(field: JSONObject): ByteArray =
        when {
            field.has("utf8") -> field.getString("utf8").toByteArray(Charsets.UTF_8)
            else -> hex.parseHex(field.getString("hex"))
        }

    private fun encoding(vector: JSONObject): SecretEncoding = parseSecretEncoding(vector.getString("secret_encoding"))

    /** A signer for the vector's secret; a non-UTF-8 `text` secret is its raw key bytes. */
    private fun signer(vector: JSONObject): Signer {
        val secret = vector.getJSONObject("secret")
        return when {
            secret.has("utf8") -> Signer(secret.getString("utf8"), encoding(vector))
            encoding(vector) == SecretEncoding.TEXT -> Signer.fromBytes(hex.parseHex(secret.getString("hex")))
            else -> error("a hex secret of non-UTF-8 bytes cannot be a JVM String")
        }
    }

    private fun vectors(group: String): List<JSONObject> {
        val array = corpus.getJSONArray(group)
        return (0 until array.length()).map { array.getJSONObject(it) }
    }

    @TestFactory
    fun sign(): List<DynamicTest> = vectors("sign").map { vector ->
        dynamicTest("sign ${vector.getString("id")}") {
            val expected = vector.getString("expected")
            val identifier = vector.getJSONObject("identifier")
            signer(vector).use { signer ->
                if (identifier.has("utf8")) {
                    val text = identifier.getString("utf8")
                    assertEquals(expected, signer.sign(text))
                    assertEquals(expected, hex.formatHex(signer.digest(text)))
                    assertTrue(signer.verify(text, expected))
                    assertEquals(listOf(expected), signer.signMany(listOf(text)))
                }
                // Every identifier also goes through the ByteArray calls.
                val raw = bytes(identifier)
                assertEquals(expected, signer.sign(raw))
                assertEquals(expected, hex.formatHex(signer.digest(raw)))
                assertTrue(signer.verify(raw, expected.uppercase()))
                assertEquals(listOf(expected), signer.signMany(listOf(raw)))
            }
            val secret = vector.getJSONObject("secret")
            if (secret.has("utf8") && identifier.has("utf8")) {
                val text = secret.getString("utf8")
                assertEquals(expected, sign(text, identifier.getString("utf8"), encoding(vector)))
                assertTrue(verify(text, identifier.getString("utf8"), expected, encoding(vector)))
            }
        }
    }

    @TestFactory
    fun verify(): List<DynamicTest> = vectors("verify").map { vector ->
        dynamicTest("verify ${vector.getString("id")}") {
            val expected = vector.getBoolean("expected")
            val presentedBytes = bytes(vector.getJSONObject("presented"))
            // A presented hash arrives as a String; non-UTF-8 bytes (raw digests) become
            // U+FFFD, which is just as malformed, so the outcome must stay the same.
            val presented = strictUtf8(presentedBytes) ?: String(presentedBytes, Charsets.UTF_8)
            val raw = bytes(vector.getJSONObject("identifier"))
            signer(vector).use { signer ->
                assertEquals(expected, signer.verify(raw, presented))
                strictUtf8(raw)?.let { assertEquals(expected, signer.verify(it, presented)) }
                Verifier(listOf(generateSecret()), SecretEncoding.HEX).use { other ->
                    assertFalse(other.verify(raw, presented))
                }
            }
        }
    }

    @TestFactory
    fun invalidSecrets(): List<DynamicTest> = vectors("invalid_secrets").map { vector ->
        dynamicTest("invalid secret ${vector.getString("id")}") {
            val secretBytes = bytes(vector.getJSONObject("secret"))
            // Non-UTF-8 bytes cannot be a JVM String; as the JVM would decode them
            // (U+FFFD) they must fail with the same code at the same position.
            val secret = strictUtf8(secretBytes) ?: String(secretBytes, Charsets.UTF_8)
            val error = assertThrows<IdentityHmacException> { Signer(secret, encoding(vector)) }
            assertEquals(vector.getString("expected_code"), error.code)
            assertTrue(error.isInvalidSecret())
            if (vector.has("position")) {
                val invalidHex = assertInstanceOf(IdentityHmacException.InvalidHexSecret::class.java, error)
                assertEquals(vector.getLong("position"), invalidHex.position)
            }
            assertNoSecretIn(error.message, secret)
            assertNoSecretIn(error.toString(), secret)
        }
    }
}
