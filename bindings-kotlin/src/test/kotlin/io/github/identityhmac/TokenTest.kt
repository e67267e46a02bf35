package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigInteger
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** signToken and TokenVerifier: the JSON text and Map paths, every token code, no secret in any text. */
class TokenTest {
    private val secret = "Yb3-Qw8nHs5Tz1Mv-7Pc"
    private val hexSecret = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
    private val now = 1_700_000_000L

    private fun b64(bytes: ByteArray): String = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)

    /** A token built here with the JDK's HMAC, independent of the core. */
    private fun handMade(header: String, payload: String, key: ByteArray = secret.toByteArray()): String {
        val input = b64(header.toByteArray()) + "." + b64(payload.toByteArray())
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }
        return input + "." + b64(mac.doFinal(input.toByteArray()))
    }

    private fun payloadOf(token: String): String = String(Base64.getUrlDecoder().decode(token.split(".")[1]))

    @Test
    fun `a token signed from JSON text is the JDK's HS256 of the core's header and claims`() {
        val token = signToken(secret, """{"user_id":"42","email":"a@b.c"}""", expiresIn = 3600, now = now)
        val (header, payload, _) = token.split(".")
        assertEquals("""{"alg":"HS256","typ":"JWT"}""", String(Base64.getUrlDecoder().decode(header)))
        assertEquals("""{"email":"a@b.c","exp":1700003600,"iat":1700000000,"user_id":"42"}""", String(Base64.getUrlDecoder().decode(payload)))
        val expected = handMade("""{"alg":"HS256","typ":"JWT"}""", """{"email":"a@b.c","exp":1700003600,"iat":1700000000,"user_id":"42"}""")
        assertEquals(expected, token)
        val withKid = signToken(secret, "{}", keyId = "key-1", now = now)
        assertEquals("""{"alg":"HS256","kid":"key-1","typ":"JWT"}""", String(Base64.getUrlDecoder().decode(withKid.split(".")[0])))
        // A hex secret's key is its bytes.
        assertEquals(
            handMade("""{"alg":"HS256","typ":"JWT"}""", """{"iat":1700000000}""", hex.parseHex(hexSecret)),
            signToken(hexSecret, "{}", now = now, secretEncoding = SecretEncoding.HEX),
        )
    }

    @Test
    fun `a Map is written by the JSON library, with every JSON type`() {
        val claims = mapOf(
            "user_id" to "42",
            "name" to "Zoë \u2028 </script>",
            "admin" to false,
            "count" to 7,
            "big" to 9007199254740993L,
            "ratio" to 0.5,
            "none" to null,
            "tags" to listOf("a", "b"),
            "array" to arrayOf<Any>(1, "x"),
            "nested" to mapOf("k" to BigInteger("123456789012345678")),
        )
        val token = signToken(secret, claims, now = now)
        assertEquals(signToken(secret, claimsJson(claims), now = now), token)
        TokenVerifier(listOf(secret)).use { verifier ->
            val back = verifier.verify(token, now)
            assertEquals("Zoë \u2028 </script>", back["name"])
            assertEquals(false, back["admin"])
            assertEquals(7L, back["count"])
            assertEquals(9007199254740993L, back["big"])
            assertEquals(0.5, back["ratio"])
            assertTrue(back.containsKey("none"))
            assertNull(back["none"])
            assertEquals(listOf("a", "b"), back["tags"])
            assertEquals(listOf(1L, "x"), back["array"])
            assertEquals(mapOf("k" to 123456789012345678L), back["nested"])
            assertEquals(now, back["iat"])
            // Beyond a Long: BigInteger.
            val huge = verifier.verify(signToken(secret, """{"n":18446744073709551615}""", now = now), now)
            assertEquals(BigInteger("18446744073709551615"), huge["n"])
        }
    }

    @Test
    fun `a value JSON cannot hold is INVALID_CLAIMS from the core, not the library's message`() {
        val cyclic = HashMap<String, Any?>()
        cyclic["self"] = cyclic
        val deep = (1..300).fold<Int, Any?>("x") { inner, _ -> listOf(inner) }
        val bad = listOf<Any?>(Double.NaN, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Any(), 'c', Thread.currentThread(), mapOf(1 to "x"), cyclic, deep, intArrayOf(1))
        for (value in bad) {
            val error = assertThrows<IdentityHmacException.InvalidClaims> { signToken(secret, mapOf("user_id" to "42", "v" to value), now = now) }
            assertEquals("INVALID_CLAIMS", error.code)
            assertEquals("not encodable as JSON by the host", error.reason)
            assertNull(error.claim)
            assertFalse(error.message!!.contains("NaN") || error.message!!.contains("Infinity"), error.message)
        }
    }

    @Test
    fun `claims the core refuses are INVALID_CLAIMS naming the claim`() {
        val cases = mapOf(
            "[1]" to (null to "not a JSON object"),
            "not json" to (null to "not JSON"),
            """{"a":1,"a":2}""" to (null to "duplicate claim"),
            """{"exp":"soon"}""" to ("exp" to "not an integer"),
            """{"iat":1.5}""" to ("iat" to "not an integer"),
        )
        for ((json, expected) in cases) {
            val error = assertThrows<IdentityHmacException.InvalidClaims> { signToken(secret, json, now = now) }
            assertEquals(expected.first, error.claim, json)
            assertEquals(expected.second, error.reason, json)
        }
        assertEquals("exp", assertThrows<IdentityHmacException.InvalidClaims> { signToken(secret, mapOf("exp" to 1L), expiresIn = 60) }.claim)
        assertThrows<IllegalArgumentException> { signToken(secret, "{}", expiresIn = -1) }
        assertThrows<IdentityHmacException.EmptySecret> { signToken("", "{}") }
        assertThrows<IdentityHmacException.InvalidHexSecret> { signToken(hexSecret.drop(1), "{}", secretEncoding = SecretEncoding.HEX) }
    }

    @Test
    fun `every token code`() {
        val good = signToken(secret, mapOf("user_id" to "42"), expiresIn = 600, now = now)
        val header = """{"alg":"HS256","typ":"JWT"}"""
        val (h, p, s) = good.split(".")
        TokenVerifier(listOf(secret), leeway = 0, maxLifetime = 3600, requiredClaims = listOf("user_id")).use { verifier ->
            assertEquals("42", verifier.verify(good, now)["user_id"])
            assertEquals("""{"exp":1700000600,"iat":1700000000,"user_id":"42"}""", verifier.verifyJson(good, now))
            fun code(token: String, at: Long = now) = assertThrows<IdentityHmacException> { verifier.verify(token, at) }
            val malformed = listOf("", "a.b", "$h.$p.$s.x", "$h.$p.$s=", "$h.!!!.$s", handMade("not json", "{}"), handMade("[1]", "{}"))
            for (token in malformed) {
                val error = code(token)
                assertTrue(error is IdentityHmacException.MalformedToken, "$token: $error")
                assertTrue((error as IdentityHmacException.MalformedToken).reason.isNotEmpty())
            }
            assertTrue(code(b64("""{"alg":"none","typ":"JWT"}""".toByteArray()) + ".$p.") is IdentityHmacException.UnsupportedAlgorithm)
            assertTrue(code(handMade("""{"alg":"RS256"}""", payloadOf(good))) is IdentityHmacException.UnsupportedAlgorithm)
            assertTrue(code(handMade("""{"alg":"HS384"}""", payloadOf(good))) is IdentityHmacException.UnsupportedAlgorithm)
            assertTrue(code(handMade("""{"alg":"HS256","kid":"nope"}""", payloadOf(good))) is IdentityHmacException.UnknownKeyId)
            assertTrue(code(handMade(header, payloadOf(good), "another key".toByteArray())) is IdentityHmacException.BadSignature)
            assertTrue(code("$h.${b64(payloadOf(good).replace("42", "43").toByteArray())}.$s") is IdentityHmacException.BadSignature)
            assertTrue(code(good, now + 600) is IdentityHmacException.TokenExpired)
            assertTrue(code(good, now - 1) is IdentityHmacException.TokenNotYetValid)
            assertTrue(code(handMade(header, """{"user_id":"42","iat":$now,"exp":${now + 3601}}""")) is IdentityHmacException.LifetimeTooLong)
            val missing = code(handMade(header, """{"iat":$now,"exp":${now + 60}}""")) as IdentityHmacException.MissingClaim
            assertEquals("user_id", missing.claim)
            val invalid = code(handMade(header, """{"user_id":"42","iat":"now"}""")) as IdentityHmacException.InvalidClaims
            assertEquals("iat", invalid.claim)
        }
        // The default leeway is 60 seconds.
        TokenVerifier(listOf(secret)).use { verifier ->
            assertEquals("42", verifier.verify(good, now + 659)["user_id"])
            assertThrows<IdentityHmacException.TokenExpired> { verifier.verify(good, now + 660) }
        }
    }

    @Test
    fun `keys by id, rotation, and the constructor's errors`() {
        val older = "Gk4-Rn7wXb2Lq9Vd"
        val token = signToken(older, "{}", keyId = "k2", now = now)
        TokenVerifier(mapOf("k1" to secret, "k2" to older)).use { assertEquals(now, it.verify(token, now)["iat"]) }
        TokenVerifier.ofKeys(listOf(TokenKey("k1", secret), TokenKey(null, older))).use { verifier ->
            assertEquals(2, verifier.size())
            assertEquals(now, verifier.verify(signToken(older, "{}", now = now), now)["iat"])
            assertThrows<IdentityHmacException.UnknownKeyId> { verifier.verify(token, now) }
        }
        TokenVerifier(listOf(secret, older)).use { assertEquals(now, it.verify(signToken(older, "{}", now = now), now)["iat"]) }
        assertEquals("NO_SECRETS", assertThrows<IdentityHmacException.NoSecrets> { TokenVerifier(emptyList<String>()) }.code)
        assertThrows<IdentityHmacException.TooManySecrets> { TokenVerifier(List(17) { "$secret-$it" }) }
        val badHex = assertThrows<IdentityHmacException.InvalidHexSecret> { TokenVerifier(listOf(hexSecret, "abc"), SecretEncoding.HEX) }
        assertEquals(1L, badHex.secretIndex)
        assertThrows<IdentityHmacException.EmptySecret> { TokenVerifier(listOf("")) }
        assertThrows<IllegalArgumentException> { TokenVerifier(listOf(secret), leeway = -1) }
        val closed = TokenVerifier(listOf(secret))
        closed.close()
        assertThrows<IllegalStateException> { closed.verify(token, now) }
    }

    @Test
    fun `no token error, toString or trace shows a secret`() {
        val secrets = listOf(secret, hexSecret)
        val errors = listOf(
            runCatching { signToken(secret, mapOf("v" to Double.NaN)) },
            runCatching { signToken(hexSecret.drop(1), "{}", secretEncoding = SecretEncoding.HEX) },
            runCatching { signToken(secret, """{"exp":"$secret"}""") },
            runCatching { signToken(secret, """{"$secret":1,"$secret":2}""") },
            runCatching { TokenVerifier(listOf(hexSecret, "$secret!"), SecretEncoding.HEX) },
            runCatching { TokenVerifier(listOf(secret)).use { it.verify(signToken(hexSecret, "{}")) } },
            runCatching { TokenVerifier(listOf(secret), requiredClaims = listOf("x")).use { it.verify(signToken(secret, "{}")) } },
            runCatching { TokenVerifier(listOf(secret)).use { it.verify(secret) } },
            runCatching { TokenVerifier(listOf(secret)).use { it.verify("$secret.$secret.$secret") } },
        ).map { it.exceptionOrNull() }
        for (error in errors) {
            assertTrue(error is IdentityHmacException, error.toString())
            for (text in listOf(error!!.message, error.toString(), error.stackTraceToString())) {
                secrets.forEach { assertNoSecretIn(text, it) }
            }
        }
        TokenVerifier(listOf(secret)).use { assertEquals("TokenVerifier(<redacted>)", it.toString()) }
        assertFalse(TokenKey("k", secret).toString().contains(secret.take(4)))
    }
}
