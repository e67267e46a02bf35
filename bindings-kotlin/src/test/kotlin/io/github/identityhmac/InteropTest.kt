package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.security.SecureRandom
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.random.Random
import kotlin.random.asKotlinRandom

/** Agreement with javax.crypto.Mac ("HmacSHA256") on random keys and messages. */
class InteropTest {
    private val random: Random = SecureRandom().asKotlinRandom()

    private fun randomString(maxLength: Int): String = buildString {
        repeat(random.nextInt(0, maxLength + 1)) {
            // Whole code points, including astral ones, so the UTF-8 has 1 to 4 bytes per character.
            val codePoint = when (random.nextInt(4)) {
                0 -> random.nextInt(0x20, 0x7f)
                1 -> random.nextInt(0xa0, 0x800)
                2 -> random.nextInt(0x800, 0xd800)
                else -> random.nextInt(0x10000, 0x110000)
            }
            appendCodePoint(codePoint)
        }
    }

    @Test
    fun `random text secrets and string identifiers match the JDK`() {
        repeat(500) {
            val secret = randomString(80).ifEmpty { "k" }
            val identifier = randomString(200)
            val expected = jdkHmacHex(secret.toByteArray(Charsets.UTF_8), identifier.toByteArray(Charsets.UTF_8))
            Signer(secret, SecretEncoding.TEXT).use { signer ->
                assertEquals(expected, signer.sign(identifier))
                assertTrue(signer.verify(identifier, expected))
                assertTrue(signer.verify(identifier, expected.uppercase()))
            }
            assertEquals(expected, sign(secret, identifier, SecretEncoding.TEXT))
        }
    }

    @Test
    fun `random hex secrets and byte identifiers match the JDK`() {
        repeat(500) {
            val key = random.nextBytes(random.nextInt(1, 200)) // past the 64-byte block size too
            val identifier = random.nextBytes(random.nextInt(0, 300))
            val expected = jdkHmacHex(key, identifier)
            val hexSecret = hex.formatHex(key).let { if (random.nextBoolean()) it.uppercase() else it }
            Signer(hexSecret, SecretEncoding.HEX).use { signer ->
                assertEquals(expected, signer.sign(identifier))
                assertTrue(signer.verify(identifier, expected))
            }
            Signer.fromBytes(key).use { signer -> assertEquals(expected, signer.sign(identifier)) }
            assertEquals(expected, sign(hexSecret, identifier, SecretEncoding.HEX))
            assertTrue(verify(hexSecret, identifier, expected, SecretEncoding.HEX))
        }
    }

    @Test
    fun `digest equals Mac doFinal`() {
        val key = random.nextBytes(32)
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }
        Signer.fromBytes(key).use { signer ->
            repeat(200) {
                val identifier = random.nextBytes(random.nextInt(0, 100))
                assertArrayEquals(mac.doFinal(identifier), signer.digest(identifier))
            }
        }
    }

    @Test
    fun `a flipped hash does not verify`() {
        Signer("dy6WmmqzVeopK7poaDzXNv9w", SecretEncoding.TEXT).use { signer ->
            val hash = signer.sign("user@example.com")
            repeat(64) { position ->
                val flipped = hash.substring(0, position) + (if (hash[position] == '0') '1' else '0') + hash.substring(position + 1)
                assertFalse(signer.verify("user@example.com", flipped))
                assertFalse(signer.check("user@example.com", flipped))
            }
            assertTrue(signer.check("user@example.com", hash))
        }
    }

    @Test
    fun `batches match single signs, on both sides of the parallel threshold`() {
        Signer(generateSecret(), SecretEncoding.HEX).use { signer ->
            for (size in listOf(0, 1, 10, 5000)) {
                val identifiers = List(size) { "user-$it@example.com" }
                assertEquals(identifiers.map(signer::sign), signer.signMany(identifiers))
                val raw = identifiers.map { it.toByteArray() }
                assertEquals(identifiers.map(signer::sign), signer.signMany(raw))
            }
        }
    }

    @Test
    fun `rotation finds the matching key, newest first`() {
        val secrets = List(3) { generateSecret() }
        Verifier(secrets, SecretEncoding.HEX).use { verifier ->
            assertEquals(3, verifier.size())
            secrets.forEachIndexed { index, secret ->
                val hash = sign(secret, "user-42", SecretEncoding.HEX)
                assertTrue(verifier.verify("user-42", hash))
                assertEquals(index, verifier.matchingKey("user-42", hash))
                assertEquals(index, verifier.matchingKey("user-42".toByteArray(), hash))
                assertTrue(verifier.verify("user-42".toByteArray(), hash.uppercase()))
            }
            val stranger = sign(generateSecret(), "user-42", SecretEncoding.HEX)
            assertFalse(verifier.verify("user-42", stranger))
            assertEquals(null, verifier.matchingKey("user-42", stranger))
        }
        // The same secret twice: the first index wins.
        Verifier(listOf("same", "same"), SecretEncoding.TEXT).use { verifier ->
            assertEquals(0, verifier.matchingKey("id", sign("same", "id", SecretEncoding.TEXT)))
        }
    }

    @Test
    fun `generated secrets are 64 lowercase hex characters and differ`() {
        val secrets = List(20) { generateSecret() }
        secrets.forEach { assertTrue(Regex("[0-9a-f]{64}").matches(it), "not 64 lowercase hex characters") }
        assertEquals(secrets.size, secrets.toSet().size)
    }
}
