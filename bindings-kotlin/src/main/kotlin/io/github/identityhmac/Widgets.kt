// Widget presets, identify and identifyScript (DESIGN §6) over the uniffi calls
// of src/widgets.rs. The preset table, the field rules, the signing and the
// rendering are the core's; this file converts Kotlin values to the core's and back.
@file:JvmName("IdentityHmac")
@file:JvmMultifileClass

package io.github.identityhmac

import java.math.BigInteger

/**
 * A chat widget whose identity verification the core knows. [presetName] is the
 * core's name (`"chatwoot"`, `"intercom-jwt"`, ...); the list is the core's
 * `Widget::ALL` (a test checks it), and every property is read from the core's table.
 */
enum class Widget(
    /** The core's name of the preset, as the CLI's `--preset` and every other language spell it. */
    val presetName: String,
) {
    /** Chatwoot's website widget: signs the identifier, `identifier_hash`. */
    CHATWOOT("chatwoot"),
    /** Pylon's chat widget: signs the email under a hex secret, `email_hash`. */
    PYLON("pylon"),
    /** Intercom Messenger with (legacy) identity verification: `user_hash` of `user_id`, else the email. */
    INTERCOM("intercom"),
    /** Help Scout Beacon in secure mode: `signature` of the email. */
    HELPSCOUT("helpscout"),
    /** Front Chat: `userHash` of the email. */
    FRONT("front"),
    /** Plain's chat: `emailHash` of the email. */
    PLAIN("plain"),
    /** Chatbase: `user_hash` of the user id. */
    CHATBASE("chatbase"),
    /** Gleap: the user id's hash as `Gleap.identify`'s third argument. */
    GLEAP("gleap"),
    /** Intercom Messenger security: an HS256 JWT in `intercom_user_jwt`. */
    INTERCOM_JWT("intercom-jwt"),
    /** Zendesk messaging: an HS256 JWT with the key id in its header, for `loginUser`. */
    ZENDESK("zendesk"),
    ;

    private val info: WidgetInfo by lazy { widgetInfo(presetName) }

    /** `"hash"` or `"token"`. */
    val scheme: String get() = info.scheme

    /** The encoding of the vendor's secret (HEX for Pylon, TEXT for the others). */
    val secretEncoding: SecretEncoding get() = info.secretEncoding

    /** Which value is signed: `"identifier"`, `"email"` or `"identifier_or_email"`. */
    val signedValue: String get() = info.signedValue

    /** The field of the identify call that carries the hash (or the token). */
    val hashField: String get() = info.hashField

    /** The page values [identifyScript] needs (`app_id`, `chatId`, `appId`). */
    val pageValues: List<String> get() = info.pageValues

    /** The claims a token preset's vendor requires (for a vendor-side [TokenVerifier]). */
    val requiredClaims: List<String> get() = info.requiredClaims

    /** Whether the preset's tokens need a key id ([TokenOptions.keyId]; Zendesk). */
    val needsKeyId: Boolean get() = info.needsKeyId

    override fun toString(): String = presetName

    companion object {
        /**
         * The preset named [name], exactly as [presetName] spells it (from configuration);
         * any other name is [IdentityHmacException.UnknownWidget].
         */
        @JvmStatic
        @Throws(IdentityHmacException::class)
        fun fromName(name: String): Widget {
            widgetInfo(name) // the core decides what a preset name is
            return entries.first { it.presetName == name }
        }
    }
}

/**
 * The logged-in user. [identifier] is a `String`, or an integer (`Long`, `Int`,
 * `Short`, `Byte`, `BigInteger`), which is signed and rendered as its decimal
 * string (what Chatwoot's server signs); anything else is an [IllegalArgumentException].
 * A preset uses the fields its call takes and ignores the others.
 */
data class User @JvmOverloads constructor(
    val identifier: Any? = null,
    val email: String? = null,
    val name: String? = null,
    val avatarUrl: String? = null,
    val phoneNumber: String? = null,
) {
    init {
        require(identifier == null || identifier is String || isInteger(identifier)) {
            "identifier must be a String or an integer (Long, Int, Short, Byte, BigInteger), not ${identifier!!::class.java.name}"
        }
    }

    /** The fields set, named as the core's `User::FIELDS` names them. */
    fun toMap(): Map<String, Any> = buildMap {
        identifier?.let { put("identifier", it) }
        email?.let { put("email", it) }
        name?.let { put("name", it) }
        avatarUrl?.let { put("avatar_url", it) }
        phoneNumber?.let { put("phone_number", it) }
    }
}

/**
 * What a token preset (`INTERCOM_JWT`, `ZENDESK`) signs with: seconds until the
 * token expires, the key id (Zendesk's `kid`, required there) and the current
 * time in seconds since the Unix epoch (null = the system clock, for tests).
 */
data class TokenOptions @JvmOverloads constructor(
    val expiresIn: Long? = null,
    val keyId: String? = null,
    val now: Long? = null,
)

private fun isInteger(value: Any): Boolean =
    value is Long || value is Int || value is Short || value is Byte || value is BigInteger

/** A 128-bit integer's range, the core's integer identifier. */
private const val MAX_IDENTIFIER_BITS = 127

private fun userEntries(user: Map<String, Any?>): List<UserEntry> = user.mapNotNull { (name, value) ->
    when {
        value == null -> null
        value is String -> UserEntry(name, UserValue.Text(value))
        isInteger(value) && name == "identifier" -> {
            require(value !is BigInteger || value.bitLength() <= MAX_IDENTIFIER_BITS) {
                "an integer identifier must fit in 128 bits; pass a String"
            }
            UserEntry(name, UserValue.Integer(value.toString()))
        }
        else -> throw IllegalArgumentException(
            "user field $name takes a String" + (if (name == "identifier") " or an integer" else "") +
                ", not ${value::class.java.name}",
        )
    }
}

private fun widgetTokenOptions(options: TokenOptions?): WidgetTokenOptions {
    val expiresIn = options?.expiresIn
    require(expiresIn == null || expiresIn >= 0) { "expiresIn must not be negative" }
    return WidgetTokenOptions(expiresIn?.toULong(), options?.keyId, options?.now)
}

/**
 * The fields the widget's identify call takes, the hash (or a token preset's
 * token) included, in the call's order, named as the vendor names them
 * (`identifier`, `user_id`, `email`, `identifier_hash`, ...).
 *
 * [user] holds `identifier`, `email`, `name`, `avatar_url` and `phone_number`
 * (null values are left out; another name is [IdentityHmacException.UnknownField]).
 * [secretEncoding] null means the preset's own; [tokenOptions] are for the token presets.
 * A missing signed value is [IdentityHmacException.MissingField], which names it.
 */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun identify(
    widget: Widget,
    secret: String,
    user: Map<String, Any?>,
    secretEncoding: SecretEncoding? = null,
    tokenOptions: TokenOptions? = null,
): Map<String, String> {
    val fields = nativeIdentify(widget.presetName, secret, userEntries(user), secretEncoding, widgetTokenOptions(tokenOptions))
    return fields.associateTo(LinkedHashMap(fields.size)) { it.name to it.value }
}

/** [identify] for a [User]. */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun identify(
    widget: Widget,
    secret: String,
    user: User,
    secretEncoding: SecretEncoding? = null,
    tokenOptions: TokenOptions? = null,
): Map<String, String> = identify(widget, secret, user.toMap(), secretEncoding, tokenOptions)

/**
 * The widget's identify call as JavaScript source, safe inside a `<script>`
 * element: every value JSON-encoded with `<`, `>`, `&`, `'`, U+2028 and U+2029
 * escaped. With a CSP [nonce], the whole `<script nonce="…">…</script>` element.
 * [page] carries what the core cannot know (`app_id`, `chatId`, `appId`: see
 * [Widget.pageValues]). Errors as [identify], then [IdentityHmacException.UnknownField]
 * and [IdentityHmacException.MissingField] for the page, [IdentityHmacException.InvalidNonce].
 */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun identifyScript(
    widget: Widget,
    secret: String,
    user: Map<String, Any?>,
    page: Map<String, String> = emptyMap(),
    nonce: String? = null,
    secretEncoding: SecretEncoding? = null,
    tokenOptions: TokenOptions? = null,
): String = nativeIdentifyScript(
    widget.presetName,
    secret,
    userEntries(user),
    page.map { (name, value) -> NamedValue(name, value) },
    nonce,
    secretEncoding,
    widgetTokenOptions(tokenOptions),
)

/** [identifyScript] for a [User]. */
@JvmOverloads
@Throws(IdentityHmacException::class)
fun identifyScript(
    widget: Widget,
    secret: String,
    user: User,
    page: Map<String, String> = emptyMap(),
    nonce: String? = null,
    secretEncoding: SecretEncoding? = null,
    tokenOptions: TokenOptions? = null,
): String = identifyScript(widget, secret, user.toMap(), page, nonce, secretEncoding, tokenOptions)
