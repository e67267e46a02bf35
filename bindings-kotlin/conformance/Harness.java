// The conformance runner's harness for the Kotlin/JVM binding, written in Java
// to show the API from Java too. Run it on the packaged jar plus its runtime
// dependencies (see harness.sh): one protocol line in, one line out.
import io.github.identityhmac.IdentityHmacException;
import io.github.identityhmac.Identity_hmac_kotlinKt;
import io.github.identityhmac.SecretEncoding;
import io.github.identityhmac.Signer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

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
