// Plain-loop benchmark: Signer.sign against the per-call JDK idiom
// (Mac.getInstance + init + doFinal + hex) that Java backends copy from the
// widget docs. Prints ns/op and ratios; no assertions. Run by bench.sh.
import io.github.identityhmac.SecretEncoding;
import io.github.identityhmac.Signer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class Bench {
    private static final String SECRET = "your_web_widget_hmac_token";
    private static final String[] IDENTIFIERS = new String[1024];
    private static long sink;

    static {
        for (int i = 0; i < IDENTIFIERS.length; i++) {
            IDENTIFIERS[i] = "user-" + i + "@example.com";
        }
    }

    /** Median ns/op over `rounds` timed rounds of `ops` calls, after a warm-up. */
    private static double measure(IntFunction<String> op, int ops, int rounds) {
        for (int i = 0; i < ops; i++) {
            sink += op.apply(i & 1023).charAt(0);
        }
        double[] results = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                sink += op.apply(i & 1023).charAt(0);
            }
            results[r] = (System.nanoTime() - start) / (double) ops;
        }
        Arrays.sort(results);
        return results[rounds / 2];
    }

    private static String jdkPerCall(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = 7;
        Signer signer = new Signer(SECRET, SecretEncoding.TEXT);
        byte[][] rawIdentifiers = new byte[IDENTIFIERS.length][];
        for (int i = 0; i < IDENTIFIERS.length; i++) {
            rawIdentifiers[i] = IDENTIFIERS[i].getBytes(StandardCharsets.UTF_8);
        }
        // The best case of the JDK: one keyed Mac reused (per thread, since Mac is not thread-safe).
        Mac reused = Mac.getInstance("HmacSHA256");
        reused.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HexFormat hex = HexFormat.of();

        if (!signer.sign(IDENTIFIERS[7]).equals(jdkPerCall(IDENTIFIERS[7]))) {
            throw new IllegalStateException("the binding and the JDK disagree");
        }

        double perCall = measure(i -> jdkPerCall(IDENTIFIERS[i]), ops, rounds);
        double reusedMac = measure(i -> hex.formatHex(reused.doFinal(rawIdentifiers[i])), ops, rounds);
        double signString = measure(i -> signer.sign(IDENTIFIERS[i]), ops, rounds);
        double signBytes = measure(i -> signer.signBytes(rawIdentifiers[i]), ops, rounds);
        // Batches cross the FFI boundary once per 1024 identifiers.
        java.util.List<String> batch = Arrays.asList(IDENTIFIERS);
        double signMany = measure(i -> signer.signMany(batch).get(i), Math.max(ops / 1024, 20), rounds) / IDENTIFIERS.length;

        System.out.printf("identity-hmac Kotlin/JVM binding, %d ops x %d rounds (median), Java %s%n",
            ops, rounds, System.getProperty("java.version"));
        System.out.printf("%-58s %9.1f ns/op%n", "JDK per call: Mac.getInstance + init + doFinal + hex", perCall);
        System.out.printf("%-58s %9.1f ns/op%n", "JDK reused keyed Mac: doFinal + hex (not thread-safe)", reusedMac);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.sign(String)", signString);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.signBytes(ByteArray)", signBytes);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.signMany(List<String>) of 1024, per identifier", signMany);
        System.out.printf("speed-up Signer.sign vs JDK per call:      %.2fx (above 1 = faster)%n", perCall / signString);
        System.out.printf("speed-up Signer.signBytes vs JDK per call: %.2fx (above 1 = faster)%n", perCall / signBytes);
        System.out.printf("speed-up Signer.signMany vs JDK per call:  %.2fx (above 1 = faster)%n", perCall / signMany);
        System.out.printf("speed-up Signer.sign vs JDK reused Mac:    %.2fx (above 1 = faster)%n", reusedMac / signString);
        if (sink == 42) System.out.println();
    }
}
