package io.github.identityhmac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API as Java code sees it. That this file compiles is half of the test:
 * javac refuses a catch of a checked exception that nothing in the try block
 * declares, so each catch below proves an @Throws.
 */
class JavaCallerTest {
    private static final String TOKEN = "your_web_widget_hmac_token";
    private static final String CHATWOOT_HASH = "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9";

    @Test
    void theReadmeTryCatchCompilesAndCatches() {
        boolean caught = false;
        try { new Signer("", SecretEncoding.TEXT); } catch (IdentityHmacException e) {}
        try {
            new Signer("", SecretEncoding.TEXT);
        } catch (IdentityHmacException e) {
            caught = e instanceof IdentityHmacException.EmptySecret && e.code().equals("EMPTY_SECRET") && e.isInvalidSecret();
        }
        assertTrue(caught);
    }

    @Test
    void everyThrowingCallDeclaresIdentityHmacException() {
        IdentityHmacException.InvalidHexSecret badHex =
            assertThrows(IdentityHmacException.InvalidHexSecret.class, () -> new Signer("abc", SecretEncoding.HEX));
        assertEquals("odd length", badHex.getReason());
        assertEquals(3L, badHex.getPosition());
        try {
            Signer.fromBytes(new byte[0]);
        } catch (IdentityHmacException e) {
            assertEquals("EMPTY_SECRET", e.code());
        }
        try {
            IdentityHmac.sign("", "id", SecretEncoding.TEXT);
        } catch (IdentityHmacException e) {
            assertEquals("EMPTY_SECRET", e.code());
        }
        try {
            IdentityHmac.verify("", "id", CHATWOOT_HASH, SecretEncoding.TEXT);
        } catch (IdentityHmacException e) {
            assertEquals("EMPTY_SECRET", e.code());
        }
        try (Signer signer = new Signer(TOKEN, SecretEncoding.TEXT)) {
            signer.check("some_identifier", "not a hash");
        } catch (IdentityHmacException e) {
            assertEquals("MALFORMED_HASH", e.code());
        }
        try {
            assertEquals(64, IdentityHmac.generateSecret().length());
        } catch (IdentityHmacException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void signerAndOneShotCallsFromJava() throws IdentityHmacException {
        byte[] raw = "some_identifier".getBytes(StandardCharsets.UTF_8);
        try (Signer signer = new Signer(TOKEN, SecretEncoding.TEXT)) {
            assertEquals(CHATWOOT_HASH, signer.sign("some_identifier"));
            assertEquals(CHATWOOT_HASH, signer.signBytes(raw));
            assertEquals(32, signer.digestBytes(raw).length);
            assertTrue(signer.verify("some_identifier", CHATWOOT_HASH.toUpperCase()));
            assertTrue(signer.verifyBytes(raw, CHATWOOT_HASH));
            assertFalse(signer.check("other", CHATWOOT_HASH));
            assertEquals(signer.sign("42"), signer.sign(42L));
            assertEquals(List.of(CHATWOOT_HASH, signer.sign("x")), signer.signMany(List.of("some_identifier", "x")));
            assertEquals(List.of(CHATWOOT_HASH), signer.signManyBytes(List.of(raw)));
            assertEquals(List.of(signer.sign(7L)), signer.signManyLongs(List.of(7L)));
        }
        assertEquals(CHATWOOT_HASH, IdentityHmac.sign(TOKEN, "some_identifier", SecretEncoding.TEXT));
        assertEquals(CHATWOOT_HASH, IdentityHmac.signBytes(TOKEN, raw, SecretEncoding.TEXT));
        assertTrue(IdentityHmac.verify(TOKEN, "some_identifier", CHATWOOT_HASH, SecretEncoding.TEXT));
        assertEquals(SecretEncoding.HEX, Identity_hmac_kotlinKt.parseSecretEncoding("hex"));
    }

    @Test
    void verifierFromJava() throws Exception {
        // uniffi declares no @Throws on a primary constructor: Java sees Verifier's
        // IdentityHmacException only through a wider catch.
        Exception error = assertThrows(Exception.class, () -> new Verifier(List.of(TOKEN, ""), SecretEncoding.TEXT));
        assertEquals(Long.valueOf(1), ((IdentityHmacException.EmptySecret) error).getSecretIndex());
        try (Verifier verifier = new Verifier(List.of("newer", TOKEN), SecretEncoding.TEXT)) {
            assertEquals(Integer.valueOf(1), verifier.matchingKey("some_identifier", CHATWOOT_HASH));
            assertEquals(2, verifier.size());
        }
    }

    @Test
    void widgetsFromJava() throws IdentityHmacException {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("identifier", 42L);
        user.put("email", "a@b.c");
        Map<String, String> fields = IdentityHmac.identify(Widget.CHATWOOT, TOKEN, user);
        assertEquals(List.of("identifier", "email", "identifier_hash"), List.copyOf(fields.keySet()));
        assertEquals(IdentityHmac.sign(TOKEN, "42", SecretEncoding.TEXT), fields.get("identifier_hash"));
        assertEquals(fields, IdentityHmac.identify(Widget.CHATWOOT, TOKEN, new User(42L, "a@b.c")));
        assertEquals("intercom-jwt", Widget.INTERCOM_JWT.getPresetName());
        assertEquals(Widget.PYLON, Widget.fromName("pylon"));
        String script = IdentityHmac.identifyScript(Widget.PYLON, "00ff", new User(null, "a@b.c", "</script>"),
            Map.of("app_id", "app"), "bm9uY2U=");
        assertTrue(script.startsWith("<script nonce=\"bm9uY2U=\">"), script);
        String token = IdentityHmac.identify(Widget.ZENDESK, TOKEN, new User("u-1"), null,
            new TokenOptions(600L, "key-1", 1_700_000_000L)).get("jwt");
        assertEquals(3, token.split("\\.").length);
        try {
            IdentityHmac.identify(Widget.PYLON, "00ff", new User("u-1"));
            throw new AssertionError("no exception");
        } catch (IdentityHmacException.MissingField e) {
            assertEquals("email", e.getField());
        }
        try {
            Widget.fromName("crisp");
            throw new AssertionError("no exception");
        } catch (IdentityHmacException e) {
            assertEquals("UNKNOWN_WIDGET", e.code());
        }
    }

    @Test
    void tokensFromJava() throws IdentityHmacException {
        long now = 1_700_000_000L;
        String fromText = IdentityHmac.signToken(TOKEN, "{\"user_id\":\"42\"}", 600L, null, now);
        String fromMap = IdentityHmac.signToken(TOKEN, Map.of("user_id", "42"), 600L, null, now);
        assertEquals(fromText, fromMap);
        assertEquals(3, IdentityHmac.signToken(TOKEN, Map.of("user_id", "42")).split("\\.").length);
        try (TokenVerifier verifier = new TokenVerifier(List.of(TOKEN))) {
            Map<String, Object> claims = verifier.verify(fromMap, now);
            assertEquals("42", claims.get("user_id"));
            assertEquals(now + 600, claims.get("exp"));
        }
        try (TokenVerifier verifier = new TokenVerifier(Map.of("key-1", TOKEN), SecretEncoding.TEXT, 0L, 3600L, List.of("user_id"))) {
            assertEquals("42", verifier.verify(fromMap, now).get("user_id")); // no kid: every key is tried
            verifier.verify(IdentityHmac.signToken(TOKEN, Map.of("user_id", "42"), 600L, "key-2", now), now);
            throw new AssertionError("no exception");
        } catch (IdentityHmacException e) {
            assertEquals("UNKNOWN_KEY_ID", e.code());
        }
        try (TokenVerifier verifier = TokenVerifier.ofKeys(List.of(new TokenKey(null, TOKEN)))) {
            verifier.verify(fromMap, now + 10_000);
            throw new AssertionError("no exception");
        } catch (IdentityHmacException.TokenExpired e) {
            assertEquals("TOKEN_EXPIRED", e.code());
        }
        try {
            IdentityHmac.signToken(TOKEN, Map.of("v", Double.NaN));
            throw new AssertionError("no exception");
        } catch (IdentityHmacException.InvalidClaims e) {
            assertEquals("INVALID_CLAIMS", e.code());
        }
    }
}
