// Plain-loop benchmark: Signer.sign against the per-call JDK idiom
// (Mac.getInstance + init + doFinal + hex) that Java backends copy from the
// widget docs. Prints ns/op and ratios; no assertions. Run by bench.sh.
// With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
// language (scripts/bench.sh) and appends them to that file as JSON lines.
import io.github.identityhmac.IdentityHmac;
import io.github.identityhmac.SecretEncoding;
import io.github.identityhmac.Signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        double floorString = measure(i -> signer.benchFloor(IDENTIFIERS[i]), ops, rounds);
        double signBytes = measure(i -> signer.signBytes(rawIdentifiers[i]), ops, rounds);
        // Batches cross the FFI boundary once per 1024 identifiers.
        java.util.List<String> batch = Arrays.asList(IDENTIFIERS);
        double signMany = measure(i -> signer.signMany(batch).get(i), Math.max(ops / 1024, 20), rounds) / IDENTIFIERS.length;

        System.out.printf("identity-hmac Kotlin/JVM binding, %d ops x %d rounds (median), Java %s%n",
            ops, rounds, System.getProperty("java.version"));
        System.out.printf("%-58s %9.1f ns/op%n", "JDK per call: Mac.getInstance + init + doFinal + hex", perCall);
        System.out.printf("%-58s %9.1f ns/op%n", "JDK reused keyed Mac: doFinal + hex (not thread-safe)", reusedMac);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.sign(String)", signString);
        System.out.printf("%-58s %9.1f ns/op (sign is %.2fx)%n", "floor: Signer.benchFloor(String), sign without the HMAC", floorString, signString / floorString);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.signBytes(ByteArray)", signBytes);
        System.out.printf("%-58s %9.1f ns/op%n", "Signer.signMany(List<String>) of 1024, per identifier", signMany);
        System.out.printf("speed-up Signer.sign vs JDK per call:      %.2fx (above 1 = faster)%n", perCall / signString);
        System.out.printf("speed-up Signer.signBytes vs JDK per call: %.2fx (above 1 = faster)%n", perCall / signBytes);
        System.out.printf("speed-up Signer.signMany vs JDK per call:  %.2fx (above 1 = faster)%n", perCall / signMany);
        System.out.printf("speed-up Signer.sign vs JDK reused Mac:    %.2fx (above 1 = faster)%n", reusedMac / signString);
        String jsonPath = System.getenv("IDENTITY_HMAC_BENCH_JSON");
        if (jsonPath != null && !jsonPath.isEmpty()) {
            sharedRows(signer, Path.of(jsonPath));
        }
        if (sink == 42) System.out.println();
    }

    // The rows shared by every language's benchmark: the same secret and
    // identifiers everywhere, each pair measured in alternating rounds after a
    // warm-up round, medians of the rounds.
    private interface Calls {
        void run(int count);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double medianRatio(List<Double> baseline, List<Double> ours) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) ratios.add(baseline.get(i) / ours.get(i));
        return median(ratios);
    }

    /** ns per item of each case, per round; round 0 is the warm-up. */
    private static List<List<Double>> alternate(List<Calls> cases, int count, int runs) {
        List<List<Double>> rounds = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) rounds.add(new ArrayList<>());
        for (int round = 0; round <= runs; round++) {
            for (int i = 0; i < cases.size(); i++) {
                System.gc(); // the previous case's garbage is not this case's cost
                long start = System.nanoTime();
                cases.get(i).run(count);
                if (round > 0) rounds.get(i).add((System.nanoTime() - start) / (double) count);
            }
        }
        return rounds;
    }

    private static String oneShot(String identifier) {
        try {
            return IdentityHmac.sign(SECRET, identifier, SecretEncoding.TEXT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The benchmark floor: Signer.sign's conversions, JNI call and result String, without the HMAC. */
    private static final String FLOOR_CALL = "Signer.benchFloor(id) (internal: sign without the HMAC)";

    /**
     * Where Signer.sign's time above the floor goes: the HMAC, compared with the
     * core's own sign_hex time for the same identifier from this run's "Rust core" row.
     */
    private static String floorRest(Path jsonPath, String label, double aboveFloor) throws java.io.IOException {
        Double core = null;
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("\"sign_hex_ns\":\\s*([0-9.eE+-]+)");
        if (Files.exists(jsonPath)) {
            for (String line : Files.readAllLines(jsonPath)) {
                if (!line.contains("\"language\":\"Rust core\"") && !line.contains("\"language\": \"Rust core\"")) continue;
                if (!line.contains("\"identifier\":\"" + label + "\"") && !line.contains("\"identifier\": \"" + label + "\"")) continue;
                java.util.regex.Matcher m = number.matcher(line);
                if (m.find()) core = Double.parseDouble(m.group(1));
            }
        }
        String measured = String.format(Locale.ROOT, "the HMAC in the core: sign - floor = %.0f ns", aboveFloor);
        return core == null
            ? measured + " (no Rust core row in this run to compare)"
            : measured + String.format(Locale.ROOT, ", the core's Signer::sign_hex alone %.0f ns (this run's Rust core row)", core);
    }

    private static void sharedRows(Signer signer, Path jsonPath) throws java.io.IOException {
        String runsEnv = System.getenv("IDENTITY_HMAC_BENCH_RUNS");
        int runs = runsEnv == null || runsEnv.isEmpty() ? 7 : Integer.parseInt(runsEnv);
        String email = "user0000001@example.com";
        Object[][] cases = {{"email ~20 bytes", "", 50_000, 100_000}, {"1 KiB", "x".repeat(1001), 10_000, 10_000}};
        System.out.println();
        for (Object[] c : cases) {
            String label = (String) c[0];
            String pad = (String) c[1];
            int calls = (Integer) c[2];
            int batch = (Integer) c[3];
            String identifier = pad + email;
            if (!signer.sign(identifier).equals(jdkPerCall(identifier))) {
                throw new IllegalStateException("the binding and the JDK disagree");
            }
            List<List<Double>> single = alternate(List.of(
                n -> { for (int i = 0; i < n; i++) sink += jdkPerCall(identifier).charAt(0); },
                n -> { for (int i = 0; i < n; i++) sink += signer.sign(identifier).charAt(0); },
                n -> { for (int i = 0; i < n; i++) sink += oneShot(identifier).charAt(0); },
                n -> { for (int i = 0; i < n; i++) sink += signer.benchFloor(identifier).charAt(0); }),
                calls, runs);
            List<String> identifiers = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) identifiers.add(String.format(Locale.ROOT, "%suser%07d@example.com", pad, i));
            List<List<Double>> many = alternate(List.of(
                n -> { for (String id : identifiers) sink += jdkPerCall(id).charAt(0); },
                n -> sink += signer.signMany(identifiers).size()),
                batch, Math.max(3, runs / 2));
            List<Double> base = single.get(0), mine = single.get(1), once = single.get(2), floor = single.get(3);
            double floorRatio = medianRatio(mine, floor); // median of sign_ns / floor_ns per round
            String floorRest = floorRest(jsonPath, label, median(mine) - median(floor));
            String row = String.format(Locale.ROOT,
                "{\"language\": \"Kotlin/JVM\", \"stdlib_call\": \"Mac.getInstance + init + doFinal + hex, per call\", "
                    + "\"identifier\": \"%s\", \"identifier_bytes\": %d, \"runs\": %d, "
                    + "\"stdlib_ns\": %.1f, \"signer_ns\": %.1f, \"ratio\": %.4f, \"oneshot_ns\": %.1f, \"oneshot_ratio\": %.4f, "
                    + "\"batch_ns_per_item\": %.1f, \"batch_size\": %d, \"stdlib_batch_ns_per_item\": %.1f, \"batch_ratio\": %.4f, "
                    + "\"floor_call\": \"%s\", \"floor_ns\": %.1f, \"floor_ratio\": %.4f, \"floor_rest\": \"%s\"}%n",
                label, identifier.getBytes(StandardCharsets.UTF_8).length, runs,
                median(base), median(mine), medianRatio(base, mine), median(once), medianRatio(base, once),
                median(many.get(1)), batch, median(many.get(0)), medianRatio(many.get(0), many.get(1)),
                FLOOR_CALL, median(floor), floorRatio, floorRest);
            System.out.printf(Locale.ROOT, "shared row, %s: JDK per call %.0f ns, Signer.sign %.0f ns (%.2fx), one-shot %.2fx, signMany %.0f ns/item (%.2fx)%n",
                label, median(base), median(mine), medianRatio(base, mine), medianRatio(base, once),
                median(many.get(1)), medianRatio(many.get(0), many.get(1)));
            System.out.printf(Locale.ROOT, "floor, %s: %s %.0f ns, Signer.sign %.2fx the floor; the rest: %s%n",
                label, FLOOR_CALL, median(floor), floorRatio, floorRest);
            Files.writeString(jsonPath, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
