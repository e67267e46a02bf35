// Identity tokens (DESIGN §7): signToken and TokenVerifier over the uniffi calls
// of src/tokens.rs. Claims cross as JSON text: kotlinx.serialization writes a
// Map's JSON here and reads the verified claims back into a Map; the core
// parses, checks, signs and verifies.
@file:JvmName("IdentityHmac")
@file:JvmMultifileClass

package io.github.identityhmac

import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull
import java.math.BigDecimal
import java.math.BigInteger

/** The default clock leeway of a [TokenVerifier], in seconds (the core's). */
const val DEFAULT_LEEWAY: Long = 60

/** kotlinx.serialization's strict defaults: no NaN or infinity, no lenient parsing. */
private val JSON = Json

/** Raised while a claims Map is read, for a value JSON has no form for. */
private class NotEncodable : Exception()

/**
 * How deep claims Maps and Lists may nest here: twice the core's limit, so the
 * core reports real nesting ("nested too deeply") and a Map that contains
 * itself ends here instead of overflowing the stack.
 */
private const val MAX_DEPTH = 256

/**
 * A claims value as a JSON element: null, String, Boolean, the JVM's numbers,
 * Maps with String keys, Lists (any Iterable) and arrays, and kotlinx JSON
 * elements as they are. Anything else has no JSON form.
 */
private fun element(value: Any?, depth: Int = 0): JsonElement = when (value) {
    null -> JsonNull
    is JsonElement -> value
    is String -> JsonPrimitive(value)
    is Boolean -> JsonPrimitive(value)
    is Long, is Int, is Short, is Byte, is BigInteger, is BigDecimal, is Double, is Float -> JsonPrimitive(value as Number)
    is Map<*, *> -> JsonObject(
        value.entries.associateTo(LinkedHashMap(value.size)) { (name, member) ->
            (name as? String ?: throw NotEncodable()) to element(member, nested(depth))
        },
    )
    is Iterable<*> -> JsonArray(value.map { element(it, nested(depth)) })
    is Array<*> -> JsonArray(value.map { element(it, nested(depth)) })
    else -> throw NotEncodable()
}

private fun nested(depth: Int): Int = if (depth < MAX_DEPTH) depth + 1 else throw NotEncodable()

/**
 * The claims as JSON text, written by kotlinx.serialization; `INVALID_CLAIMS`
 * (the core's claims_not_encodable) for a value it cannot write, such as NaN
 * or an object that is not a JSON type. The library's own message is not
 * kept: it may quote a value.
 */
internal fun claimsJson(claims: Map<String, Any?>): String {
    try {
        return JSON.encodeToString(JsonElement.serializer(), element(claims))
    } catch (_: NotEncodable) {
    } catch (_: SerializationException) {
    }
    raiseClaimsNotEncodable()
    throw IllegalStateException("the core accepted claims that the host could not encode")
}

/** A JSON element as the JVM value a Kotlin or Java caller expects. */
private fun value(element: JsonElement): Any? = when (element) {
    is JsonNull -> null
    is JsonObject -> element.entries.associateTo(LinkedHashMap(element.size)) { (name, member) -> name to value(member) }
    is JsonArray -> element.map(::value)
    is JsonPrimitive -> when {
        element.isString -> element.content
        else -> element.booleanOrNull ?: element.longOrNull ?: element.content.toBigIntegerOrNull() ?: element.doubleOrNull
    }
}

/**
 * The claims of a JSON object's text as a Map, read by kotlinx.serialization:
 * strings, `Boolean`s, integers as `Long` (`BigInteger` beyond it), other
 * numbers as `Double`, `null`, Lists and Maps, in the text's order.
 */
@Suppress("UNCHECKED_CAST")
internal fun claimsMap(json: String): Map<String, Any?> = value(JSON.parseToJsonElement(json)) as Map<String, Any?>

private fun seconds(name: String, value: Long?): ULong? {
    require(value == null || value >= 0) { "$name must not be negative" }
    return value?.toULong()
}

/**
 * An HS256 JWT of [claims], given as the JSON text of one object. The header is
 * `{"alg":"HS256","typ":"JWT"}` plus `kid` for a [keyId]; the core adds `iat`
 * ([now], or the system clock) and, with [expiresIn] seconds, `exp`. Claims
 * that are not one object, or whose `exp`, `nbf` or `iat` are not integers,
 * are [IdentityHmacException.InvalidClaims].
 */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun signToken(
    secret: String,
    claims: String,
    expiresIn: Long? = null,
    keyId: String? = null,
    now: Long? = null,
    secretEncoding: SecretEncoding = SecretEncoding.TEXT,
): String = nativeSignToken(secret, claims, seconds("expiresIn", expiresIn), keyId, now, secretEncoding)

/**
 * [signToken] for claims given as a Map (`mapOf("user_id" to "42", ...)`),
 * written as JSON by kotlinx.serialization: values may be null, String,
 * Boolean, numbers, Maps, Lists and arrays. A value JSON cannot hold (NaN,
 * infinity, any other object) is [IdentityHmacException.InvalidClaims].
 */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun signToken(
    secret: String,
    claims: Map<String, Any?>,
    expiresIn: Long? = null,
    keyId: String? = null,
    now: Long? = null,
    secretEncoding: SecretEncoding = SecretEncoding.TEXT,
): String = signToken(secret, claimsJson(claims), expiresIn, keyId, now, secretEncoding)

/** One key of a [TokenVerifier]: a secret and, optionally, the key id (`kid`) tokens name it by. */
class TokenKey(
    val keyId: String?,
    val secret: String,
) {
    override fun toString(): String = "TokenKey(keyId=$keyId, secret=<redacted>)"
}

/**
 * Verifies HS256 identity tokens under 1 to 16 keys, newest first, and returns
 * their claims. Only `HS256` is accepted (`none`, `RS256`, `HS384`, ... are
 * [IdentityHmacException.UnsupportedAlgorithm], before any key is used). A token
 * with a `kid` is checked under the keys with that id, one without under every
 * key, in constant time. `exp` and `nbf`/`iat` are checked with [leeway] seconds
 * of clock skew; [maxLifetime] bounds `exp - iat`; [requiredClaims] must be present.
 * Thread-safe; [close] frees the native state at once (otherwise a cleaner does).
 */
class TokenVerifier private constructor(private val native: NativeTokenVerifier) : AutoCloseable {
    /** A verifier over secrets without key ids ([secrets] newest first). */
    @JvmOverloads
    @Throws(IdentityHmacException::class)
    constructor(
        secrets: List<String>,
        secretEncoding: SecretEncoding = SecretEncoding.TEXT,
        leeway: Long = DEFAULT_LEEWAY,
        maxLifetime: Long? = null,
        requiredClaims: List<String> = emptyList(),
    ) : this(build(secrets.map { TokenKey(null, it) }, secretEncoding, leeway, maxLifetime, requiredClaims))

    /** A verifier over secrets by key id (`mapOf("2026-12" to newest, "2026-06" to older)`), in the map's order. */
    @JvmOverloads
    @Throws(IdentityHmacException::class)
    constructor(
        secretsByKeyId: Map<String, String>,
        secretEncoding: SecretEncoding = SecretEncoding.TEXT,
        leeway: Long = DEFAULT_LEEWAY,
        maxLifetime: Long? = null,
        requiredClaims: List<String> = emptyList(),
    ) : this(build(secretsByKeyId.map { (keyId, secret) -> TokenKey(keyId, secret) }, secretEncoding, leeway, maxLifetime, requiredClaims))

    companion object {
        /** A verifier over [keys], newest first, each with or without a key id. */
        @JvmStatic
        @JvmOverloads
        @Throws(IdentityHmacException::class)
        fun ofKeys(
            keys: List<TokenKey>,
            secretEncoding: SecretEncoding = SecretEncoding.TEXT,
            leeway: Long = DEFAULT_LEEWAY,
            maxLifetime: Long? = null,
            requiredClaims: List<String> = emptyList(),
        ): TokenVerifier = TokenVerifier(build(keys, secretEncoding, leeway, maxLifetime, requiredClaims))

        private fun build(
            keys: List<TokenKey>,
            secretEncoding: SecretEncoding,
            leeway: Long,
            maxLifetime: Long?,
            requiredClaims: List<String>,
        ): NativeTokenVerifier = NativeTokenVerifier(
            keys.map { it.keyId },
            keys.map { it.secret },
            secretEncoding,
            seconds("leeway", leeway)!!,
            seconds("maxLifetime", maxLifetime),
            requiredClaims,
        )
    }

    /**
     * The claims of [token] as a Map in the token's order (integers as `Long`,
     * other numbers as `Double`), checked at [now] seconds since the Unix epoch
     * (null = the system clock). Throws [IdentityHmacException] with the token's
     * code: `MALFORMED_TOKEN`, `UNSUPPORTED_ALGORITHM`, `UNKNOWN_KEY_ID`,
     * `BAD_SIGNATURE`, `TOKEN_EXPIRED`, `TOKEN_NOT_YET_VALID`, `LIFETIME_TOO_LONG`,
     * `MISSING_CLAIM` or `INVALID_CLAIMS`.
     */
    @JvmOverloads
    @Throws(IdentityHmacException::class)
    fun verify(token: String, now: Long? = null): Map<String, Any?> = claimsMap(verifyJson(token, now))

    /** [verify], with the claims as compact JSON text. */
    @JvmOverloads
    @Throws(IdentityHmacException::class)
    fun verifyJson(token: String, now: Long? = null): String = native.verifyJson(token, now)

    /** How many keys it holds. */
    fun size(): Int = native.size()

    /** Frees the native state now; later calls throw [IllegalStateException]. */
    override fun close() = native.close()

    override fun toString(): String = "TokenVerifier(<redacted>)"
}
