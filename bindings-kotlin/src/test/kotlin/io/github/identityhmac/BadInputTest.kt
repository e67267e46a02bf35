package io.github.identityhmac

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.abort
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.lang.reflect.InvocationTargetException
import java.nio.charset.CharacterCodingException
import java.nio.file.Files

/**
 * The shared bad-input matrix (conformance/bad_inputs.json, read in place), through the
 * public Kotlin API as a user would call it. Inputs Kotlin's types cannot express (numbers,
 * booleans, maps for a String parameter) are skipped explicitly, and counted by Surefire.
 * A null is passed the only way it can be: from Java (reflection stands in for a Java caller).
 */
class BadInputTest {
    private val matrix = JSONObject(Files.readString(repoRoot.resolve("conformance/bad_inputs.json")))
    private val corpus = JSONObject(Files.readString(repoRoot.resolve("conformance/corpus.json")))
    private val cases: List<JSONObject> = matrix.getJSONArray("cases").objects()

    /** The host value of a case's input. */
    private sealed interface Value {
        data class Text(val text: String) : Value
        class Raw(val bytes: ByteArray) : Value
        object Null : Value
        data class Inexpressible(val why: String) : Value
    }

    private fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

    private fun bytes(field: JSONObject): ByteArray =
        if (field.has("utf8")) field.getString("utf8").toByteArray(Charsets.UTF_8) else hex.parseHex(field.getString("hex"))

    private fun bytesValue(raw: ByteArray): Value = strictUtf8(raw)?.let { Value.Text(it) } ?: Value.Raw(raw)

    private fun value(input: JSONObject): Value {
        val kind = input.keys().asSequence().single()
        return when (kind) {
            "bytes" -> bytesValue(bytes(input.getJSONObject("bytes")))
            "repeat" -> {
                val spec = input.getJSONObject("repeat")
                val pattern = hex.parseHex(spec.getString("pattern_hex"))
                val count = spec.getInt("count")
                val raw = ByteArray(pattern.size * count)
                for (i in 0 until count) pattern.copyInto(raw, i * pattern.size)
                bytesValue(raw)
            }
            "lone_surrogate" -> Value.Text("user" + input.getString("lone_surrogate").toInt(16).toChar())
            "null" -> Value.Null
            "undefined" -> Value.Inexpressible("JavaScript's undefined has no JVM counterpart")
            // Long identifiers are signed as their decimal string, through overloads of their own:
            // FastPathTest checks them against these cases' hashes.
            "integer" -> Value.Inexpressible("identifiers take a Long through their own overloads, which FastPathTest checks against these cases' default hashes; no secret parameter takes a number")
            "float", "bool", "json" ->
                Value.Inexpressible("a $kind for a String/ByteArray parameter does not compile; Kotlin has no untyped overload")
            else -> error("unknown input kind $kind")
        }
    }

    /** Kotlin's expectation, or null when the matrix says Kotlin cannot express the input. */
    private fun expectation(case: JSONObject): JSONObject? {
        val expect = case.getJSONObject("expect")
        val byLanguage = expect.optJSONObject("by_language") ?: return expect
        return byLanguage.optJSONObject("kotlin") ?: byLanguage.optJSONObject("default")
    }

    /** The facade class Java code calls the top-level functions through (IdentityHmac.sign). */
    private val facade: Class<*> = Class.forName("io.github.identityhmac.IdentityHmac")
    private val javaSign = facade.getMethod("sign", String::class.java, String::class.java, SecretEncoding::class.java)
    private val javaVerify = facade.getMethod(
        "verify", String::class.java, String::class.java, String::class.java, SecretEncoding::class.java,
    )

    /**
     * Calls the binding as Java code does, where a null String compiles. (Kotlin code cannot
     * pass one: even a platform-typed null from a Java API is checked at the Kotlin call site.)
     */
    private fun fromJava(receiver: Any?, name: String, vararg args: Any?) {
        val types = args.map { if (it is SecretEncoding) SecretEncoding::class.java else String::class.java }.toTypedArray()
        try {
            when (receiver) {
                null -> (if (name == "sign") javaSign else javaVerify).invoke(null, *args)
                is Class<*> -> receiver.getConstructor(*types).newInstance(*args)
                else -> receiver.javaClass.getMethod(name, *types).invoke(receiver, *args)
            }
        } catch (e: InvocationTargetException) {
            throw e.targetException
        }
    }

    private fun assertErrorCode(expectedCode: String, secret: String, block: () -> Unit) {
        val error = assertThrows<IdentityHmacException> { block() }
        assertEquals(expectedCode, error.code)
        assertNoSecret(error, secret)
    }

    /**
     * Neither the message nor toString() shows the secret: no 8-character run of it, or, for
     * a shorter secret of 4+ characters, not the whole of it. Shorter ones ("a", " ") occur in
     * any sentence, leaked or not. (ErrorTest checks 4-character runs of its own secrets; the
     * matrix's secrets share words such as "input" and "secret" with the messages.)
     */
    private fun assertNoSecret(error: Throwable, secret: String) {
        val window = minOf(secret.length, 8)
        if (window < 4) return
        for (text in listOf(error.message.orEmpty(), error.toString())) {
            for (start in 0..secret.length - window) {
                assertFalse(text.contains(secret.substring(start, start + window)),
                    "error text contains $window characters of the secret at $start")
            }
        }
    }

    /** The JVM's own null check, thrown by the binding's parameter check before any native call. */
    private fun assertHostTypeError(secret: String, block: () -> Unit) {
        val error = assertThrows<NullPointerException> { block() }
        val thrower = error.stackTrace.first().className
        // IdentityHmac is a multifile facade: its parts (IdentityHmac__IdentityHmacKt) hold the checks.
        val facadePart = thrower.startsWith(facade.name + "__")
        assertTrue(facadePart || thrower in setOf(Signer::class.java.name, Verifier::class.java.name, facade.name), thrower)
        assertNoSecret(error, secret)
    }

    private fun encoding(name: String): SecretEncoding = parseSecretEncoding(name)

    private fun signerFor(secret: Value, encodingName: String): Signer =
        when (secret) {
            is Value.Text -> Signer(secret.text, encoding(encodingName))
            is Value.Raw -> Signer.fromBytes(secret.bytes).also { require(encodingName == "text") }
            else -> error("not a secret: $secret")
        }

    /** A BYTES field as a JVM String (every text field of the matrix is UTF-8). */
    private fun fieldText(field: JSONObject): String = String(bytes(field), Charsets.UTF_8)

    private fun run(case: JSONObject, expect: JSONObject) {
        when (case.getString("about")) {
            "secret" -> secretCase(case, expect)
            "identifier" -> identifierCase(case, expect)
            "presented_hash" -> presentedHashCase(case, expect)
            "verifier" -> verifierCase(case, expect)
            else -> error("unknown about ${case.getString("about")}")
        }
    }

    private fun secretCase(case: JSONObject, expect: JSONObject) {
        val encodingName = case.getString("secret_encoding")
        val identifier = fieldText(case.getJSONObject("identifier"))
        val input = case.getJSONObject("input")
        if (input.has("corpus_group")) {
            val vectors = corpus.getJSONArray(input.getString("corpus_group")).objects()
            assertTrue(vectors.isNotEmpty())
            for (vector in vectors) {
                val raw = bytes(vector.getJSONObject("secret"))
                // Non-UTF-8 bytes reach a JVM String as U+FFFD, which is just as invalid.
                val secret = strictUtf8(raw) ?: String(raw, Charsets.UTF_8)
                val code = vector.getString("expected_code")
                val vectorEncoding = vector.getString("secret_encoding")
                assertErrorCode(code, secret) { Signer(secret, encoding(vectorEncoding)) }
                assertErrorCode(code, secret) { sign(secret, identifier, encoding(vectorEncoding)) }
            }
            return
        }
        when (val secret = value(input)) {
            Value.Null -> {
                assertTrue(expect.optBoolean("type_error"), "a null secret must be a type error")
                assertHostTypeError("") { fromJava(Signer::class.java, "<init>", null, encoding(encodingName)) }
                assertHostTypeError("") { fromJava(null, "sign", null, identifier, encoding(encodingName)) }
            }
            is Value.Text -> when {
                expect.has("error") -> {
                    val code = expect.getString("error")
                    assertErrorCode(code, secret.text) { Signer(secret.text, encoding(encodingName)).close() }
                    assertErrorCode(code, secret.text) { sign(secret.text, identifier, encoding(encodingName)) }
                    assertErrorCode(code, secret.text) { Verifier(listOf(secret.text), encoding(encodingName)).close() }
                }
                expect.has("hash") -> {
                    val hash = expect.getString("hash")
                    signerFor(secret, encodingName).use { assertEquals(hash, it.sign(identifier)) }
                    assertEquals(hash, sign(secret.text, identifier, encoding(encodingName)))
                }
                else -> error("unhandled expectation $expect")
            }
            is Value.Raw -> signerFor(secret, encodingName).use { assertEquals(expect.getString("hash"), it.sign(identifier)) }
            is Value.Inexpressible -> error("inexpressible inputs are skipped before running")
        }
    }

    private fun identifierCase(case: JSONObject, expect: JSONObject) {
        val secretText = fieldText(case.getJSONObject("secret"))
        val encoding = encoding(case.getString("secret_encoding"))
        Signer(secretText, encoding).use { signer ->
            when (val identifier = value(case.getJSONObject("input"))) {
                Value.Null -> {
                    assertTrue(expect.optBoolean("type_error"), "a null identifier must be a type error")
                    assertHostTypeError(secretText) { fromJava(signer, "sign", null) }
                    assertHostTypeError(secretText) { fromJava(signer, "digest", null) }
                    assertHostTypeError(secretText) { fromJava(null, "sign", secretText, null, encoding) }
                }
                is Value.Text -> when {
                    expect.optBoolean("unicode_error") -> {
                        // The JVM's strict UTF-8 encoder refuses the lone surrogate: nothing is hashed.
                        for (call in listOf<() -> Any>(
                            { signer.sign(identifier.text) },
                            { signer.digest(identifier.text) },
                            { signer.verify(identifier.text, "00".repeat(32)) },
                            { signer.signMany(listOf(identifier.text)) },
                            { sign(secretText, identifier.text, encoding) },
                        )) {
                            assertNoSecret(assertThrows<CharacterCodingException> { call() }, secretText)
                        }
                    }
                    else -> {
                        val hash = expect.getString("hash")
                        assertEquals(hash, signer.sign(identifier.text))
                        assertEquals(hash, hex.formatHex(signer.digest(identifier.text)))
                        assertEquals(hash, signer.sign(identifier.text.toByteArray(Charsets.UTF_8)))
                        assertTrue(signer.verify(identifier.text, hash))
                        assertEquals(hash, sign(secretText, identifier.text, encoding))
                    }
                }
                is Value.Raw -> {
                    val hash = expect.getString("hash")
                    assertEquals(hash, signer.sign(identifier.bytes))
                    assertEquals(hash, hex.formatHex(signer.digest(identifier.bytes)))
                    assertTrue(signer.verify(identifier.bytes, hash))
                    assertEquals(hash, sign(secretText, identifier.bytes, encoding))
                }
                is Value.Inexpressible -> error("inexpressible inputs are skipped before running")
            }
        }
    }

    private fun presentedHashCase(case: JSONObject, expect: JSONObject) {
        val secretText = fieldText(case.getJSONObject("secret"))
        val encoding = encoding(case.getString("secret_encoding"))
        val identifier = fieldText(case.getJSONObject("identifier"))
        Signer(secretText, encoding).use { signer ->
            Verifier(listOf(secretText), encoding).use { verifier ->
                when (val presented = value(case.getJSONObject("input"))) {
                    Value.Null -> {
                        assertTrue(expect.optBoolean("type_error"), "a null presented hash must be a type error")
                        assertHostTypeError(secretText) { fromJava(signer, "verify", identifier, null) }
                        assertHostTypeError(secretText) { fromJava(verifier, "verify", identifier, null) }
                        assertHostTypeError(secretText) { fromJava(null, "verify", secretText, identifier, null, encoding) }
                    }
                    is Value.Text -> {
                        val expected = expect.getBoolean("verify")
                        assertEquals(expected, signer.verify(identifier, presented.text))
                        assertEquals(expected, signer.verify(identifier.toByteArray(Charsets.UTF_8), presented.text))
                        assertEquals(expected, verifier.verify(identifier, presented.text))
                        assertEquals(if (expected) 0 else null, verifier.matchingKey(identifier, presented.text))
                        assertEquals(expected, verify(secretText, identifier, presented.text, encoding))
                    }
                    else -> error("a presented hash of $presented is not in the matrix")
                }
            }
        }
    }

    private fun verifierCase(case: JSONObject, expect: JSONObject) {
        val encoding = encoding(case.getString("secret_encoding"))
        val identifier = fieldText(case.getJSONObject("identifier"))
        val input = case.getJSONObject("input")
        val secrets = input.getJSONArray("secrets").objects().map(::fieldText)
        when {
            expect.has("error") -> {
                val error = assertThrows<IdentityHmacException> { Verifier(secrets, encoding).close() }
                assertEquals(expect.getString("error"), error.code)
                secrets.forEach { assertNoSecret(error, it) }
            }
            else -> Verifier(secrets, encoding).use { verifier ->
                val presented = fieldText(input.getJSONObject("presented"))
                if (expect.has("matching_key")) {
                    assertEquals(expect.getInt("matching_key"), verifier.matchingKey(identifier, presented))
                    assertTrue(verifier.verify(identifier, presented))
                } else {
                    assertEquals(expect.getBoolean("verify"), verifier.verify(identifier, presented))
                    assertNull(verifier.matchingKey(identifier, presented))
                }
            }
        }
    }

    /** Why Kotlin skips this case, or null when it runs. */
    private fun skipReason(case: JSONObject): String? {
        if (expectation(case) == null) return "bad_inputs.json gives Kotlin no expectation for this input"
        val input = case.getJSONObject("input")
        if (input.has("corpus_group") || input.has("secrets")) return null
        return (value(input) as? Value.Inexpressible)?.why
    }

    @TestFactory
    fun `every case of the shared bad-input matrix`(): List<DynamicTest> = cases.map { case ->
        dynamicTest("${case.getString("about")} ${case.getString("id")}") {
            skipReason(case)?.let { abort<Unit>("skipped for Kotlin: $it") }
            run(case, expectation(case)!!)
        }
    }

    @Test
    fun `the matrix is read in place and Kotlin runs most of it`() {
        assertEquals(1, matrix.getInt("format"))
        assertTrue("kotlin" in matrix.getJSONArray("languages").map { it as String })
        val skipped = cases.filter { skipReason(it) != null }
        println("bad_inputs.json: ${cases.size - skipped.size} cases run, ${skipped.size} skipped for Kotlin " +
            "(${skipped.joinToString { it.getString("id") }})")
        // Only inputs the typed API cannot take may be skipped: never a string, bytes or null.
        for (case in skipped) {
            val kind = case.getJSONObject("input").keys().asSequence().single()
            assertTrue(kind in setOf("undefined", "integer", "float", "bool", "json"), "${case.getString("id")} skipped")
        }
    }
}
