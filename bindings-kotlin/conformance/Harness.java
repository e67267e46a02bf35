// The conformance runner's harness for the Kotlin/JVM binding, written in Java
// to show the API from Java too. Run it on the packaged jar plus its runtime
// dependencies (see harness.sh): one protocol line in, one line out. Token
// claims cross as JSON: kotlinx.serialization (the jar's own dependency) reads
// the claims to sign into the Maps, Lists and numbers a Java caller would pass
// to signToken, and writes the Map that TokenVerifier.verify returns.
import io.github.identityhmac.IdentityHmac;
import io.github.identityhmac.IdentityHmacException;
import io.github.identityhmac.Identity_hmac_kotlinKt;
import io.github.identityhmac.SecretEncoding;
import io.github.identityhmac.Signer;
import io.github.identityhmac.TokenKey;
import io.github.identityhmac.TokenVerifier;
import kotlinx.serialization.SerializationException;
import kotlinx.serialization.json.Json;
import kotlinx.serialization.json.JsonArray;
import kotlinx.serialization.json.JsonElement;
import kotlinx.serialization.json.JsonElementKt;
import kotlinx.serialization.json.JsonNull;
import kotlinx.serialization.json.JsonObject;
import kotlinx.serialization.json.JsonPrimitive;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Harness {
    private static final HexFormat HEX = HexFormat.of();

    /** Thrown when an input cannot be expressed through the JVM API. */
    private static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason);
        }
    }

    /** The bytes as a String when they are valid UTF-8, else null. */
    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Signer signer(String encodingName, String secretHex) throws Unsupported, IdentityHmacException {
        SecretEncoding encoding = Identity_hmac_kotlinKt.parseSecretEncoding(encodingName);
        byte[] secret = HEX.parseHex(secretHex);
        String text = utf8OrNull(secret);
        if (text != null) {
            return new Signer(text, encoding);
        }
        if (encoding == SecretEncoding.TEXT) {
            return Signer.fromBytes(secret); // a text secret's key is its bytes
        }
        throw new Unsupported("a hex secret of non-UTF-8 bytes cannot be a JVM String");
    }

    /** A protocol field of hex bytes as a String; Unsupported when they are not UTF-8. */
    private static String text(String hex, String what) throws Unsupported {
        String text = utf8OrNull(HEX.parseHex(hex));
        if (text == null) {
            throw new Unsupported(what + " of non-UTF-8 bytes cannot be a JVM String");
        }
        return text;
    }

    private static Long optionalLong(String field) {
        return field.equals("-") ? null : Long.valueOf(field);
    }

    /** A JSON value as the plain Java value a caller passes: Map, List, String, Boolean, Long, BigInteger, BigDecimal, null. */
    private static Object plain(JsonElement element) {
        if (element instanceof JsonNull) {
            return null;
        }
        if (element instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach((name, member) -> map.put(name, plain(member)));
            return map;
        }
        if (element instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(member -> list.add(plain(member)));
            return list;
        }
        JsonPrimitive primitive = (JsonPrimitive) element;
        String content = primitive.getContent();
        if (primitive.isString()) {
            return content;
        }
        if (content.equals("true") || content.equals("false")) {
            return Boolean.valueOf(content);
        }
        try {
            return Long.valueOf(content);
        } catch (NumberFormatException notLong) {
            try {
                return new BigInteger(content);
            } catch (NumberFormatException notInteger) {
                return new BigDecimal(content);
            }
        }
    }

    /** The verified claims (as verify returns them) as a JSON element, for the answer line. */
    private static JsonElement json(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, JsonElement> members = new LinkedHashMap<>();
            map.forEach((name, member) -> members.put((String) name, json(member)));
            return new JsonObject(members);
        }
        if (value instanceof List<?> list) {
            List<JsonElement> members = new ArrayList<>();
            list.forEach(member -> members.add(json(member)));
            return new JsonArray(members);
        }
        if (value instanceof String string) {
            return JsonElementKt.JsonPrimitive(string);
        }
        if (value instanceof Boolean bool) {
            return JsonElementKt.JsonPrimitive(bool);
        }
        return JsonElementKt.JsonPrimitive((Number) value);
    }

    // token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex
    private static String tokenVerify(String[] f) throws Unsupported, IdentityHmacException {
        SecretEncoding encoding = Identity_hmac_kotlinKt.parseSecretEncoding(f[2]);
        List<TokenKey> keys = new ArrayList<>();
        for (String entry : f[3].isEmpty() ? new String[0] : f[3].split(",", -1)) {
            int colon = entry.indexOf(':');
            String kid = entry.substring(0, colon);
            keys.add(new TokenKey(kid.isEmpty() ? null : text(kid, "a key id"), text(entry.substring(colon + 1), "a secret")));
        }
        List<String> required = new ArrayList<>();
        for (Object claim : (List<?>) plain(Json.Default.parseToJsonElement(text(f[8], "required claims")))) {
            required.add((String) claim);
        }
        String token = text(f[4], "a token");
        try (TokenVerifier verifier = TokenVerifier.ofKeys(keys, encoding, Long.parseLong(f[6]), optionalLong(f[7]), required)) {
            Map<String, Object> claims = verifier.verify(token, Long.valueOf(f[5]));
            String answer = Json.Default.encodeToString(JsonElement.Companion.serializer(), json(claims));
            return "claims\t" + HEX.formatHex(answer.getBytes(StandardCharsets.UTF_8));
        }
    }

    // token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-
    // Claims that are a JSON object go in as a Map; anything else as its text, for the core to refuse.
    @SuppressWarnings("unchecked")
    private static String tokenSign(String[] f) throws Unsupported, IdentityHmacException {
        SecretEncoding encoding = Identity_hmac_kotlinKt.parseSecretEncoding(f[2]);
        String secret = text(f[3], "a secret");
        String claims = text(f[4], "claims");
        Long expiresIn = optionalLong(f[6]);
        String keyId = f[7].equals("-") ? null : text(f[7], "a key id");
        Long now = Long.valueOf(f[5]);
        Object parsed;
        try {
            parsed = plain(Json.Default.parseToJsonElement(claims));
        } catch (SerializationException notJson) {
            parsed = claims;
        }
        String token = parsed instanceof Map<?, ?> map
            ? IdentityHmac.signToken(secret, (Map<String, ?>) map, expiresIn, keyId, now, encoding)
            : IdentityHmac.signToken(secret, claims, expiresIn, keyId, now, encoding);
        return "token\t" + token;
    }

    private static String answer(String[] f) throws Unsupported, IdentityHmacException {
        switch (f[0]) {
            case "sign": {
                try (Signer signer = signer(f[2], f[3])) {
                    byte[] identifier = HEX.parseHex(f[4]);
                    String text = utf8OrNull(identifier);
                    return "hash\t" + (text != null ? signer.sign(text) : signer.signBytes(identifier));
                }
            }
            case "verify": {
                try (Signer signer = signer(f[2], f[3])) {
                    byte[] identifier = HEX.parseHex(f[4]);
                    String presented = utf8OrNull(HEX.parseHex(f[5]));
                    if (presented == null) {
                        throw new Unsupported("a presented hash of non-UTF-8 bytes cannot be a JVM String");
                    }
                    String text = utf8OrNull(identifier);
                    boolean ok = text != null ? signer.verify(text, presented) : signer.verifyBytes(identifier, presented);
                    return "bool\t" + ok;
                }
            }
            case "secret": {
                try (Signer signer = signer(f[2], f[3])) {
                    return "ok";
                }
            }
            case "token_verify":
                if (f.length != 9) {
                    throw new Unsupported("token_verify takes 9 fields");
                }
                return tokenVerify(f);
            case "token_sign":
                if (f.length != 8) {
                    throw new Unsupported("token_sign takes 8 fields");
                }
                return tokenSign(f);
            default:
                throw new IllegalArgumentException("unknown request " + f[0]);
        }
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] fields = line.split("\t", -1);
            String id = fields.length > 1 ? fields[1] : "";
            String body;
            try {
                body = answer(fields);
            } catch (IdentityHmacException e) {
                body = "error\t" + e.code();
            } catch (Unsupported e) {
                body = "unsupported\t" + e.getMessage();
            } catch (RuntimeException e) {
                body = "error\tBAD_REQUEST " + e.getClass().getSimpleName();
            }
            out.write(id + "\t" + body);
            out.newLine();
        }
        out.flush();
    }
}
