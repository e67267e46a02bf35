// The token row of scripts/bench.sh for the JVM: an Intercom Messenger security
// token (HS256, claims {user_id, email}, iat, exp in an hour) signed and
// verified by identity-hmac (signToken, TokenVerifier) and by nimbus-jose-jwt
// (the cross-check's library: MACSigner, and a DefaultJWTProcessor that allows
// HS256 only and checks exp), the same claims and secret, in alternating
// rounds after a warm-up round; medians and the median per-round ratio
// (nimbus / ours). Run by tokens.sh; appends the row to the JSON lines file
// IDENTITY_HMAC_BENCH_JSON when that is set.
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.identityhmac.IdentityHmac;
import io.github.identityhmac.TokenVerifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class Tokens {
    // nimbus refuses HMAC keys under 32 bytes, so the token rows of every
    // language use this one.
    private static final String SECRET = "your_intercom_messenger_api_secret";
    private static final byte[] KEY = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final Map<String, Object> CLAIMS = Map.of("user_id", "1234567", "email", "user0000001@example.com");
    private static final long LIFETIME = 3600;
    private static final int CALLS = 5_000;
    private static long sink;

    private interface Call {
        String run() throws Exception;
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

    private static String nimbusSign(MACSigner signer) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        CLAIMS.forEach(claims::claim);
        claims.issueTime(new Date(now * 1000)).expirationTime(new Date((now + LIFETIME) * 1000));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    public static void main(String[] args) throws Exception {
        String runsEnv = System.getenv("IDENTITY_HMAC_BENCH_RUNS");
        int runs = runsEnv == null || runsEnv.isEmpty() ? 7 : Integer.parseInt(runsEnv);
        MACSigner macSigner = new MACSigner(KEY);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(KEY)));
        try (TokenVerifier verifier = new TokenVerifier(List.of(SECRET))) {
            String theirToken = nimbusSign(macSigner);
            String ourToken = IdentityHmac.signToken(SECRET, CLAIMS, LIFETIME);
            // Each accepts the other's token with the same claims, or the row means nothing.
            JWTClaimsSet theirs = processor.process(ourToken, null);
            Map<String, Object> mine = verifier.verify(theirToken);
            if (!"1234567".equals(mine.get("user_id")) || !"user0000001@example.com".equals(theirs.getStringClaim("email"))
                    || theirs.getExpirationTime().getTime() - theirs.getIssueTime().getTime() != LIFETIME * 1000) {
                throw new IllegalStateException("nimbus and identity-hmac disagree on the token");
            }
            List<Call> cases = List.of(
                () -> nimbusSign(macSigner),
                () -> IdentityHmac.signToken(SECRET, CLAIMS, LIFETIME),
                () -> processor.process(theirToken, null).getSubject(),
                () -> (String) verifier.verify(theirToken).get("user_id"));
            List<List<Double>> rounds = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) rounds.add(new ArrayList<>());
            for (int round = 0; round <= runs; round++) {
                for (int i = 0; i < cases.size(); i++) {
                    System.gc(); // the previous case's garbage is not this case's cost
                    Call call = cases.get(i);
                    long start = System.nanoTime();
                    for (int n = 0; n < CALLS; n++) {
                        String out = call.run();
                        sink += out == null ? 1 : out.length();
                    }
                    if (round > 0) rounds.get(i).add((System.nanoTime() - start) / (double) CALLS);
                }
            }
            String library = "nimbus-jose-jwt " + JWTClaimsSet.class.getPackage().getImplementationVersion();
            String row = String.format(Locale.ROOT,
                "{\"table\": \"tokens\", \"language\": \"Kotlin/JVM\", \"library\": \"%s\", \"runs\": %d, "
                    + "\"their_sign_ns\": %.1f, \"sign_ns\": %.1f, \"sign_ratio\": %.4f, "
                    + "\"their_verify_ns\": %.1f, \"verify_ns\": %.1f, \"verify_ratio\": %.4f}%n",
                library, runs,
                median(rounds.get(0)), median(rounds.get(1)), medianRatio(rounds.get(0), rounds.get(1)),
                median(rounds.get(2)), median(rounds.get(3)), medianRatio(rounds.get(2), rounds.get(3)));
            System.out.printf(Locale.ROOT, "token row, %s: sign %.0f ns vs ours %.0f ns (%.2fx), verify %.0f ns vs ours %.0f ns (%.2fx)%n",
                library, median(rounds.get(0)), median(rounds.get(1)), medianRatio(rounds.get(0), rounds.get(1)),
                median(rounds.get(2)), median(rounds.get(3)), medianRatio(rounds.get(2), rounds.get(3)));
            String jsonPath = System.getenv("IDENTITY_HMAC_BENCH_JSON");
            if (jsonPath != null && !jsonPath.isEmpty()) {
                Files.writeString(Path.of(jsonPath), row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        if (sink == 42) System.out.println();
    }
}
