package io.github.identityhmac

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.nio.file.Files

/** The JNI fast path (src/jni.rs) behind Signer, one-shot sign/verify and generateSecret: its edges. */
class FastPathTest {
    private val secret = "your_web_widget_hmac_token"
    private val key = secret.toByteArray(Charsets.UTF_8)

    @Test
    fun `empty, multi-megabyte and astral identifiers match the JDK in every call`() {
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            for (identifier in listOf("", "a", "?", "\u0000", "\uD83D\uDE00 user", "é".repeat(3 * 1024 * 1024 / 2))) {
                val utf8 = identifier.toByteArray(Charsets.UTF_8)
                val expected = jdkHmacHex(key, utf8)
                assertEquals(expected, signer.sign(identifier))
                assertEquals(expected, signer.sign(utf8))
                assertEquals(expected, hex.formatHex(signer.digest(identifier)))
                assertEquals(expected, hex.formatHex(signer.digest(utf8)))
                assertTrue(signer.verify(identifier, expected))
                assertTrue(signer.check(utf8, expected.uppercase()))
                assertFalse(signer.check(identifier, expected.replaceRange(0, 1, if (expected[0] == '0') "1" else "0")))
                assertEquals(expected, sign(secret, identifier, SecretEncoding.TEXT))
                assertEquals(expected, sign(secret, utf8, SecretEncoding.TEXT))
                assertTrue(verify(secret, identifier, expected, SecretEncoding.TEXT))
                assertTrue(verify(secret, utf8, expected, SecretEncoding.TEXT))
            }
        }
    }

    @Test
    fun `signMany matches single signs across chunk limits and in-place items`() {
        Signer(generateSecret(), SecretEncoding.HEX).use { signer ->
            assertEquals(emptyList<String>(), signer.signMany(emptyList<String>()))
            // More items than one chunk (16 384), more bytes than one chunk (1 MiB), items signed
            // in place (64 KiB and up) between small ones, and empty items.
            val identifiers = List(20_000) { i ->
                when {
                    i % 5_000 == 7 -> "big-$i-" + "z".repeat(64 * 1024 + i % 3)
                    i % 1_000 == 3 -> ""
                    i % 97 == 0 -> "wide-$i-" + "y".repeat(2_000)
                    else -> "user-$i@example.com"
                }
            }
            val hashes = signer.signMany(identifiers)
            assertEquals(identifiers.size, hashes.size)
            for (i in identifiers.indices step 7) assertEquals(signer.sign(identifiers[i]), hashes[i], "item $i")
            for (i in identifiers.indices) if (identifiers[i].length >= 64 * 1024) assertEquals(signer.sign(identifiers[i]), hashes[i])
            assertEquals(hashes, signer.signMany(identifiers.map { it.toByteArray() }))
        }
    }

    @Test
    fun `the benchmark floor answers 64 hex characters on both native paths, and a closed signer refuses it`() {
        val signer = Signer(secret, SecretEncoding.TEXT)
        // The direct-buffer path (up to 4 KiB) and the copying one above it, as sign takes them.
        for (identifier in listOf("", "user0000001@example.com", "x".repeat(1001), "y".repeat(5000))) {
            val floor = signer.benchFloor(identifier)
            assertEquals(64, floor.length, "identifier of ${identifier.length} chars")
            assertEquals("0".repeat(64), floor)
            assertEquals(64, signer.sign(identifier).length)
        }
        signer.close()
        assertThrows(IllegalStateException::class.java) { signer.benchFloor("id") }
    }

    @Test
    fun `Long identifiers are hashed as their decimal string, as the bad-input matrix's default says`() {
        val matrix = JSONObject(Files.readString(repoRoot.resolve("conformance/bad_inputs.json")))
        val cases = matrix.getJSONArray("cases").let { array -> (0 until array.length()).map { array.getJSONObject(it) } }
        val integers = cases.filter { it.getString("about") == "identifier" && it.getJSONObject("input").has("integer") }
        assertEquals(3, integers.size)
        for (case in integers) {
            val value = case.getJSONObject("input").get("integer").toString().toLong()
            val expected = case.getJSONObject("expect").getJSONObject("by_language").getJSONObject("default").getString("hash")
            val caseSecret = String(hex.parseHex(hex.formatHex(case.getJSONObject("secret").getString("utf8").toByteArray())))
            Signer(caseSecret, SecretEncoding.TEXT).use { signer ->
                assertEquals(expected, signer.sign(value))
                assertEquals(expected, hex.formatHex(signer.digest(value)))
                assertTrue(signer.verify(value, expected))
                assertTrue(signer.check(value, expected))
                assertEquals(listOf(expected, signer.sign(value.toString())), signer.signMany(listOf(value, value)))
            }
            assertEquals(expected, sign(caseSecret, value, SecretEncoding.TEXT))
            assertTrue(verify(caseSecret, value, expected, SecretEncoding.TEXT))
            Verifier(listOf("other", caseSecret), SecretEncoding.TEXT).use { verifier ->
                assertTrue(verifier.verify(value, expected))
                assertEquals(1, verifier.matchingKey(value, expected))
            }
        }
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            for (value in listOf(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE)) {
                assertEquals(jdkHmacHex(key, value.toString().toByteArray()), signer.sign(value))
            }
        }
    }

    @Test
    fun `generated secrets come from the fast path and key a signer`() {
        val secrets = List(50) { generateSecret() }
        assertEquals(50, secrets.toSet().size)
        for (generated in secrets) {
            assertTrue(generated.matches(Regex("[0-9a-f]{64}")), generated)
            checkSecret(generated, SecretEncoding.HEX)
            Signer(generated, SecretEncoding.HEX).use { signer ->
                assertEquals(jdkHmacHex(hex.parseHex(generated), "id".toByteArray()), signer.sign("id"))
            }
        }
        checkRandomSource()
    }

    @Test
    fun `a raw key and its hex or text form make the same signer`() {
        val raw = hex.parseHex("00ff10" + "ab".repeat(40))
        Signer.fromBytes(raw).use { fromBytes ->
            Signer(hex.formatHex(raw).uppercase(), SecretEncoding.HEX).use { fromHex ->
                assertEquals(jdkHmacHex(raw, "id".toByteArray()), fromBytes.sign("id"))
                assertEquals(fromHex.sign("id"), fromBytes.sign("id"))
                assertArrayEquals(fromHex.digest("id"), fromBytes.digest("id"))
            }
        }
    }

    @Test
    fun `a million signs in a row keep agreeing with uniffi's Verifier`() {
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            Verifier(listOf(secret), SecretEncoding.TEXT).use { verifier ->
                repeat(1_000_000) { i ->
                    val identifier = "user-$i@example.com"
                    val hash = signer.sign(identifier)
                    if (i % 50_000 == 0) assertEquals(0, verifier.matchingKey(identifier, hash))
                }
            }
        }
    }
}
