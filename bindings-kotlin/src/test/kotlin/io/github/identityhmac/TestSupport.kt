package io.github.identityhmac

import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.file.Path
import java.util.HexFormat
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** The repository root: surefire passes it; IDENTITY_HMAC_REPO_ROOT overrides it. */
val repoRoot: Path =
    Path.of(System.getenv("IDENTITY_HMAC_REPO_ROOT") ?: System.getProperty("identityhmac.repoRoot") ?: "..")
        .toAbsolutePath().normalize()

val hex: HexFormat = HexFormat.of()

/** The reference implementation the binding must agree with: the JDK's own HMAC. */
fun jdkHmacHex(key: ByteArray, message: ByteArray): String {
    val mac = Mac.getInstance("HmacSHA256")
    mac.init(SecretKeySpec(key, "HmacSHA256"))
    return hex.formatHex(mac.doFinal(message))
}

/** The bytes as a Java String if they are valid UTF-8, else null. */
fun strictUtf8(bytes: ByteArray): String? =
    try {
        Charsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString()
    } catch (_: CharacterCodingException) {
        null
    }

val errorCodes = listOf(
    "INVALID_HEX_SECRET", "INVALID_TEXT_SECRET", "EMPTY_SECRET", "UNKNOWN_SECRET_ENCODING", "NO_SECRETS", "TOO_MANY_SECRETS",
    "MALFORMED_HASH", "MISMATCH", "RANDOM_SOURCE_FAILED", "OUT_OF_MEMORY", "UNKNOWN_WIDGET", "MISSING_FIELD", "UNKNOWN_FIELD",
    "INVALID_NONCE", "MALFORMED_TOKEN", "UNSUPPORTED_ALGORITHM", "UNKNOWN_KEY_ID", "BAD_SIGNATURE", "TOKEN_EXPIRED",
    "TOKEN_NOT_YET_VALID", "LIFETIME_TOO_LONG", "MISSING_CLAIM", "INVALID_CLAIMS",
)

/**
 * Asserts that no 4-character window of [secret] appears in [text]. Secrets
 * shorter than that are skipped: "a" is in any sentence, whether leaked or not.
 */
fun assertNoSecretIn(text: String?, secret: String) {
    if (secret.length < 4) return
    // The codes are fixed words of the message (a placeholder secret may contain "SECRET").
    val text = errorCodes.fold(text ?: return) { rest, code -> rest.replace(code, "") }
    for (start in 0..secret.length - 4) {
        val part = secret.substring(start, start + 4)
        check(!text.contains(part)) { "error text contains part of the secret (${part.length} characters at $start)" }
    }
}
