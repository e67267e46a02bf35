package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigInteger

/** Presets, identify and identifyScript: the core's table, hashes against javax.crypto.Mac, safe rendering. */
class WidgetTest {
    private val textSecret = "Zq7-Xv9pLm2Rt8Kw-4Jd"
    private val hexSecret = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
    private val xssName = "</script><script>window.pwned=1</script>"
    private val email = "a\"b\u2028c@example.com"

    private fun secretFor(widget: Widget) = if (widget == Widget.PYLON) hexSecret else textSecret
    private fun keyFor(widget: Widget) = if (widget == Widget.PYLON) hex.parseHex(hexSecret) else textSecret.toByteArray()

    private fun page(widget: Widget): Map<String, String> = widget.pageValues.associateWith { "$it-</script>'\u2029" }

    @Test
    fun `the enum is the core's list, with the core's names`() {
        assertEquals(widgetNames(), Widget.entries.map { it.presetName })
        assertEquals("intercom-jwt", Widget.INTERCOM_JWT.presetName)
        assertEquals("helpscout", Widget.HELPSCOUT.presetName)
        for (widget in Widget.entries) {
            assertEquals(widget, Widget.fromName(widget.presetName))
            assertEquals(widget.presetName, widget.toString())
        }
        for (bad in listOf("Chatwoot", "chatwoot ", "", "intercom_jwt", "crisp", textSecret)) {
            val error = assertThrows<IdentityHmacException.UnknownWidget> { Widget.fromName(bad) }
            assertEquals("UNKNOWN_WIDGET", error.code)
            assertNoSecretIn(error.message, textSecret)
        }
    }

    @Test
    fun `the properties are the core's table`() {
        assertEquals(SecretEncoding.HEX, Widget.PYLON.secretEncoding)
        assertEquals(SecretEncoding.TEXT, Widget.CHATWOOT.secretEncoding)
        assertEquals("identifier_hash", Widget.CHATWOOT.hashField)
        assertEquals("identifier_or_email", Widget.INTERCOM.signedValue)
        assertEquals(listOf("chatId"), Widget.FRONT.pageValues)
        assertEquals("token", Widget.ZENDESK.scheme)
        assertEquals(listOf("external_id", "scope"), Widget.ZENDESK.requiredClaims)
        assertTrue(Widget.ZENDESK.needsKeyId)
        assertFalse(Widget.INTERCOM_JWT.needsKeyId)
        assertEquals(listOf("intercom-jwt", "zendesk"), Widget.entries.filter { it.scheme == "token" }.map { it.presetName })
        // The User class's fields are the core's.
        assertEquals(userFieldNames(), User("id", "e", "n", "a", "p").toMap().keys.toList())
    }

    @Test
    fun `every hash preset's hash is javax crypto Mac of the signed value`() {
        val user = User(identifier = 9007199254740993L, email = email, name = xssName)
        for (widget in Widget.entries.filter { it.scheme == "hash" }) {
            val fields = identify(widget, secretFor(widget), user)
            val signed = when (widget.signedValue) {
                "email" -> email
                else -> "9007199254740993" // identifier, and Intercom's identifier-or-email with an identifier
            }
            assertEquals(jdkHmacHex(keyFor(widget), signed.toByteArray()), fields[widget.hashField], widget.presetName)
        }
        // Intercom signs the email when there is no identifier.
        val intercom = identify(Widget.INTERCOM, textSecret, mapOf("email" to email))
        assertEquals(jdkHmacHex(textSecret.toByteArray(), email.toByteArray()), intercom["user_hash"])
    }

    @Test
    fun `identify returns the call's fields in order, Map and User alike`() {
        val fields = identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to "u-1", "email" to "a@b.c", "name" to "Alice", "phone_number" to null))
        assertEquals(listOf("identifier", "email", "name", "identifier_hash"), fields.keys.toList())
        assertEquals("u-1", fields["identifier"])
        assertEquals(fields, identify(Widget.CHATWOOT, textSecret, User(identifier = "u-1", email = "a@b.c", name = "Alice")))
        // Integers (Int, Long, BigInteger) sign their decimal string, like the text.
        val hash = identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to "42"))
        for (identifier in listOf<Any>(42, 42L, BigInteger.valueOf(42), 42.toShort())) {
            assertEquals(hash, identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to identifier)))
        }
        val big = BigInteger.TWO.pow(100)
        assertEquals(jdkHmacHex(textSecret.toByteArray(), big.toString().toByteArray()), identify(Widget.GLEAP, textSecret, User(big))["userHash"])
        // An explicit encoding overrides the preset's.
        assertEquals(
            jdkHmacHex(hexSecret.toByteArray(), "a@b.c".toByteArray()),
            identify(Widget.PYLON, hexSecret, mapOf("email" to "a@b.c"), SecretEncoding.TEXT)["email_hash"],
        )
    }

    @Test
    fun `wrong host types are the JVM's IllegalArgumentException`() {
        assertThrows<IllegalArgumentException> { User(identifier = 4.2) }
        assertThrows<IllegalArgumentException> { User(identifier = true) }
        for (bad in listOf<Any>(4.2, true, listOf("x"), BigInteger.TWO.pow(127))) {
            assertThrows<IllegalArgumentException> { identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to bad)) }
        }
        assertThrows<IllegalArgumentException> { identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to "x", "email" to 42)) }
        assertThrows<IllegalArgumentException> {
            identify(Widget.ZENDESK, textSecret, User("x"), tokenOptions = TokenOptions(expiresIn = -1, keyId = "k"))
        }
    }

    @Test
    fun `a missing signed value is MISSING_FIELD naming it, an unknown key UNKNOWN_FIELD`() {
        val pylon = assertThrows<IdentityHmacException.MissingField> { identify(Widget.PYLON, hexSecret, User(identifier = "u-1", name = "x")) }
        assertEquals("MISSING_FIELD", pylon.code)
        assertEquals("email", pylon.field)
        assertEquals("missing", pylon.reason)
        assertNoSecretIn(pylon.message, hexSecret)
        val empty = assertThrows<IdentityHmacException.MissingField> { identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to "")) }
        assertEquals("identifier", empty.field)
        assertEquals("empty", empty.reason)
        val page = assertThrows<IdentityHmacException.MissingField> { identifyScript(Widget.FRONT, textSecret, User(email = "a@b.c")) }
        assertEquals("chatId", page.field)
        val keyId = assertThrows<IdentityHmacException.MissingField> { identify(Widget.ZENDESK, textSecret, User("u-1")) }
        assertEquals("key_id", keyId.field)
        val unknown = assertThrows<IdentityHmacException.UnknownField> { identify(Widget.CHATWOOT, textSecret, mapOf("identifier" to "x", "e-mail" to "a@b.c")) }
        assertEquals("UNKNOWN_FIELD", unknown.code)
        assertThrows<IdentityHmacException.UnknownField> { identifyScript(Widget.CHATWOOT, textSecret, User("x"), page = mapOf("app_id" to "a")) }
    }

    @Test
    fun `the XSS name is escaped in every preset's script`() {
        val user = User(identifier = 9007199254740993L, email = email, name = xssName)
        for (widget in Widget.entries) {
            val options = TokenOptions(expiresIn = 3600, keyId = "app_64f0", now = 1_700_000_000)
            val script = identifyScript(widget, secretFor(widget), user, page(widget), tokenOptions = options)
            assertFalse(script.contains("</script"), "${widget.presetName}: $script")
            assertFalse(script.contains("<"), widget.presetName)
            assertFalse(script.contains("-</script>'"), widget.presetName)
            assertFalse(script.contains("\u2028") || script.contains("\u2029"), widget.presetName)
            if (widget.scheme == "hash") {
                assertTrue(script.contains("\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1"), "${widget.presetName}: $script")
                assertTrue(script.contains(identify(widget, secretFor(widget), user)[widget.hashField]!!), widget.presetName)
            } else {
                val token = identify(widget, secretFor(widget), user, tokenOptions = options)[widget.hashField]!!
                assertTrue(script.contains(token), widget.presetName)
            }
            // Deterministic: the same input gives the same bytes.
            assertEquals(script, identifyScript(widget, secretFor(widget), user.toMap(), page(widget), tokenOptions = options))
        }
        val chatwoot = identifyScript(Widget.CHATWOOT, textSecret, user)
        assertTrue(chatwoot.contains("chatwoot:ready"), chatwoot)
    }

    @Test
    fun `a nonce gives the whole script tag, a bad nonce INVALID_NONCE`() {
        val user = User(email = "a@b.c", name = xssName)
        val tag = identifyScript(Widget.PYLON, hexSecret, user, mapOf("app_id" to "pylon-app"), nonce = "cjRuZDBtLW5vbmNlLTIwMjY=")
        assertTrue(tag.startsWith("<script nonce=\"cjRuZDBtLW5vbmNlLTIwMjY=\">\nwindow.pylon = {"), tag)
        assertTrue(tag.endsWith("</script>"), tag)
        assertEquals(1, Regex("</script").findAll(tag).count())
        val bad = assertThrows<IdentityHmacException.InvalidNonce> { identifyScript(Widget.PYLON, hexSecret, user, mapOf("app_id" to "a"), nonce = "ab\"c") }
        assertEquals(2L, bad.position)
        assertEquals("invalid character", bad.reason)
        assertEquals("empty", assertThrows<IdentityHmacException.InvalidNonce> { identifyScript(Widget.PYLON, hexSecret, user, mapOf("app_id" to "a"), nonce = "") }.reason)
    }

    @Test
    fun `token presets sign JWTs that the core's verifier accepts`() {
        val user = User(identifier = 42L, email = "a@b.c", name = "Alice")
        val intercom = identify(Widget.INTERCOM_JWT, textSecret, user, tokenOptions = TokenOptions(expiresIn = 3600, now = 1_700_000_000))
        assertEquals(listOf("intercom_user_jwt"), intercom.keys.toList())
        TokenVerifier(listOf(textSecret), requiredClaims = Widget.INTERCOM_JWT.requiredClaims).use { verifier ->
            val claims = verifier.verify(intercom.getValue("intercom_user_jwt"), now = 1_700_000_100)
            assertEquals(mapOf("email" to "a@b.c", "exp" to 1_700_003_600L, "iat" to 1_700_000_000L, "name" to "Alice", "user_id" to "42"), claims)
        }
        val zendesk = identify(Widget.ZENDESK, textSecret, user, tokenOptions = TokenOptions(keyId = "app_64f0", now = 1_700_000_000))
        TokenVerifier(mapOf("app_64f0" to textSecret), requiredClaims = Widget.ZENDESK.requiredClaims).use { verifier ->
            val claims = verifier.verify(zendesk.getValue("jwt"), now = 1_700_000_000)
            assertEquals("42", claims["external_id"])
            assertEquals("user", claims["scope"])
        }
        assertThrows<IdentityHmacException.MissingField> { identify(Widget.INTERCOM_JWT, textSecret, User(email = "a@b.c")) }
    }

    @Test
    fun `no widget error shows the secret`() {
        val secrets = listOf(textSecret, hexSecret, "0x$hexSecret")
        for (widget in Widget.entries) {
            for (secret in secrets) {
                val errors = listOf(
                    runCatching { identify(widget, secret, emptyMap<String, Any?>()) },
                    runCatching { identifyScript(widget, secret, User("x", "a@b.c"), mapOf("nope" to secret)) },
                    runCatching { identifyScript(widget, secret, User("x", "a@b.c"), page(widget), nonce = secret) },
                    runCatching { identify(widget, secret, mapOf(secret to "x")) },
                ).mapNotNull { it.exceptionOrNull() }
                for (error in errors) {
                    assertTrue(error is IdentityHmacException, error.toString())
                    for (text in listOf(error.message, error.toString(), error.stackTraceToString())) {
                        secrets.forEach { assertNoSecretIn(text, it) }
                    }
                }
            }
        }
        assertEquals(false, User("x").toString().contains(textSecret))
    }
}
