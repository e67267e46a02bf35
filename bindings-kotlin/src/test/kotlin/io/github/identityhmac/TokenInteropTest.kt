package io.github.identityhmac

import com.nimbusds.jose.JOSEObjectType
import com.nimbusds.jose.JWSAlgorithm
import com.nimbusds.jose.JWSHeader
import com.nimbusds.jose.crypto.MACSigner
import com.nimbusds.jose.crypto.MACVerifier
import com.nimbusds.jose.crypto.RSASSASigner
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator
import com.nimbusds.jose.jwk.JWKSet
import com.nimbusds.jose.jwk.OctetSequenceKey
import com.nimbusds.jose.jwk.source.ImmutableJWKSet
import com.nimbusds.jose.proc.JWSVerificationKeySelector
import com.nimbusds.jose.proc.SecurityContext
import com.nimbusds.jwt.JWTClaimsSet
import com.nimbusds.jwt.PlainJWT
import com.nimbusds.jwt.SignedJWT
import com.nimbusds.jwt.proc.DefaultJWTProcessor
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.Base64

/**
 * The cross-check with nimbus-jose-jwt, the JVM's most used JWT library: its verifier
 * accepts every token signToken makes, TokenVerifier accepts every token it makes, with
 * equal claims, and TokenVerifier refuses its none, RS256 and HS384 tokens, a tampered
 * payload and a wrong key with the right codes.
 */
class TokenInteropTest {
    /** A secret, how it is decoded, and the key bytes nimbus is given (it needs at least 32). */
    private data class Key(val secret: String, val encoding: SecretEncoding, val bytes: ByteArray) {
        override fun toString() = "Key(${encoding.name}, ${bytes.size} bytes)"
    }

    private val keys = listOf(
        Key("messenger-api-Qw8nHs5Tz1Mv7PcXb2Lq9Vd4", SecretEncoding.TEXT, "messenger-api-Qw8nHs5Tz1Mv7PcXb2Lq9Vd4".toByteArray()),
        Key("schlüssel-東京-Qw8nHs5Tz1Mv7PcXb2", SecretEncoding.TEXT, "schlüssel-東京-Qw8nHs5Tz1Mv7PcXb2".toByteArray()),
        "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2".let { Key(it, SecretEncoding.HEX, hex.parseHex(it)) },
        "k".repeat(131).let { Key(it, SecretEncoding.TEXT, it.toByteArray()) },
    )

    private val claimSets: List<Map<String, Any?>> = listOf(
        mapOf("user_id" to "42", "email" to "alice@example.com"),
        mapOf("user_id" to "7", "name" to "Zoë 東京 \u2028 😀 </script>", "tags" to listOf("a", "ü"), "n" to 12, "ratio" to 0.25,
            "nested" to mapOf("admin" to true, "none" to null)),
        mapOf("external_id" to "u-1", "scope" to "user"),
    )

    /** nimbus's own full check (signature, alg, exp/nbf against the clock) of an HS256 token. */
    private fun nimbusVerify(token: String, key: ByteArray, keyId: String?): Map<String, Any?> {
        val processor = DefaultJWTProcessor<SecurityContext>()
        val jwks = ImmutableJWKSet<SecurityContext>(JWKSet(OctetSequenceKey.Builder(key).keyID(keyId).build()))
        processor.jwsKeySelector = JWSVerificationKeySelector(JWSAlgorithm.HS256, jwks)
        processor.process(token, null)
        val jwt = SignedJWT.parse(token)
        assertTrue(jwt.verify(MACVerifier(key)))
        return jwt.payload.toJSONObject()
    }

    private fun nimbusSign(claims: Map<String, Any?>, key: ByteArray, keyId: String?, algorithm: JWSAlgorithm = JWSAlgorithm.HS256): String {
        val header = JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build()
        val builder = JWTClaimsSet.Builder()
        claims.forEach { (name, value) -> builder.claim(name, value) }
        val jwt = SignedJWT(header, builder.build())
        jwt.sign(MACSigner(key))
        return jwt.serialize()
    }

    @Test
    fun `nimbus verifies every token we sign, with equal claims`() {
        var checked = 0
        for (key in keys) {
            for (keyId in listOf(null, "key-2026-12")) {
                TokenVerifier.ofKeys(listOf(TokenKey(keyId, key.secret)), key.encoding).use { ours ->
                    for (claims in claimSets) {
                        val token = signToken(key.secret, claims, expiresIn = 600, keyId = keyId, secretEncoding = key.encoding)
                        val theirs = nimbusVerify(token, key.bytes, keyId)
                        assertEquals(ours.verify(token), theirs, "$key $keyId")
                        assertEquals(keyId, SignedJWT.parse(token).header.keyID)
                        // JSON text claims sign to the same token.
                        assertEquals(token, signToken(key.secret, claimsJson(claims), expiresIn = 600, keyId = keyId,
                            now = theirs["iat"] as Long, secretEncoding = key.encoding))
                        checked++
                    }
                }
            }
        }
        assertEquals(keys.size * claimSets.size * 2, checked)
    }

    @Test
    fun `we verify every token nimbus signs, with equal claims`() {
        for (key in keys) {
            for (claims in claimSets) {
                for (keyId in listOf(null, "key-2026-12")) {
                    val token = nimbusSign(claims + mapOf("iat" to 1_700_000_000L, "exp" to 1_700_000_600L), key.bytes, keyId)
                    val theirs = SignedJWT.parse(token).payload.toJSONObject()
                    val verifier = if (keyId == null) TokenVerifier(listOf(key.secret), key.encoding)
                    else TokenVerifier(mapOf(keyId to key.secret), key.encoding)
                    verifier.use { assertEquals(theirs, it.verify(token, now = 1_700_000_100), "$key $keyId") }
                }
            }
        }
    }

    @Test
    fun `we refuse nimbus's none, RS256 and HS384 tokens, a tampered payload and a wrong key`() {
        val key = keys[0]
        val claims = JWTClaimsSet.Builder().claim("user_id", "42").issueTime(java.util.Date(1_700_000_000_000)).build()
        val none = PlainJWT(claims).serialize()
        val rsa = SignedJWT(JWSHeader(JWSAlgorithm.RS256), claims).apply { sign(RSASSASigner(RSAKeyGenerator(2048).generate())) }.serialize()
        val hs384 = SignedJWT(JWSHeader(JWSAlgorithm.HS384), claims).apply { sign(MACSigner(ByteArray(48) { it.toByte() })) }.serialize()
        // An RS256 header over an HMAC made with our secret: the algorithm-confusion attack.
        val confused = nimbusSign(mapOf("user_id" to "42"), key.bytes, null).let { token ->
            val rs256Header = Base64.getUrlEncoder().withoutPadding().encodeToString("""{"alg":"RS256"}""".toByteArray())
            rs256Header + token.substring(token.indexOf('.'))
        }
        val good = nimbusSign(mapOf("user_id" to "42", "iat" to 1_700_000_000L), key.bytes, null)
        val (h, p, s) = good.split(".")
        val tamperedPayload = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(String(Base64.getUrlDecoder().decode(p)).replace("42", "43").toByteArray())
        val wrongKey = nimbusSign(mapOf("user_id" to "42", "iat" to 1_700_000_000L), ByteArray(32) { 7 }, null)
        TokenVerifier(listOf(key.secret)).use { verifier ->
            assertEquals("42", verifier.verify(good, 1_700_000_000)["user_id"])
            for (token in listOf(none, rsa, hs384, confused)) {
                assertThrows<IdentityHmacException.UnsupportedAlgorithm> { verifier.verify(token, 1_700_000_000) }
            }
            assertThrows<IdentityHmacException.BadSignature> { verifier.verify("$h.$tamperedPayload.$s", 1_700_000_000) }
            assertThrows<IdentityHmacException.BadSignature> { verifier.verify(wrongKey, 1_700_000_000) }
        }
    }
}
