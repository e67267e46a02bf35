<?php
// Compares Signer->sign with hash_hmac('sha256', $data, $key), in one process.
// Usage: php bench.php [iterations]   (library found as in README.md)
// With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
// language (scripts/bench.sh) and appends them to that file as JSON lines.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

use IdentityHmac\Signer;

$iterations = (int) ($argv[1] ?? 1_000_000);
$key = 'your_web_widget_hmac_token';
$identifier = 'user-12345@example.com';
$signer = Signer::fromText($key);
if ($signer->sign($identifier) !== hash_hmac('sha256', $identifier, $key)) {
    fwrite(STDERR, "the two disagree\n");
    exit(1);
}

/** @return float nanoseconds per call, best of three rounds */
function measure(callable $round, int $iterations): float
{
    $best = INF;
    for ($r = 0; $r < 3; $r++) {
        $start = hrtime(true);
        $round($iterations);
        $best = min($best, (hrtime(true) - $start) / $iterations);
    }
    return $best;
}

$sink = '';
$ours = measure(function (int $n) use ($signer, $identifier, &$sink): void {
    for ($i = 0; $i < $n; $i++) {
        $sink = $signer->sign($identifier);
    }
}, $iterations);
$native = measure(function (int $n) use ($key, $identifier, &$sink): void {
    for ($i = 0; $i < $n; $i++) {
        $sink = hash_hmac('sha256', $identifier, $key);
    }
}, $iterations);
$benchFloor = (new \ReflectionMethod(Signer::class, 'benchFloor'))->getClosure($signer);
$floorNs = measure(function (int $n) use ($benchFloor, $identifier, &$sink): void {
    for ($i = 0; $i < $n; $i++) {
        $sink = $benchFloor($identifier);
    }
}, $iterations);

printf("PHP %s, %d iterations, best of 3\n", PHP_VERSION, $iterations);
printf("  Signer->sign                      %8.1f ns/op\n", $ours);
printf("  hash_hmac('sha256', \$data, \$key)  %8.1f ns/op\n", $native);
printf("  floor (sign's FFI call without the HMAC) %8.1f ns/op: Signer->sign is %.2fx the floor\n", $floorNs, $ours / $floorNs);
printf("  ratio hash_hmac / Signer->sign: %.2fx (%s)\n", $native / $ours, $native >= $ours ? 'Signer is not slower' : 'Signer is SLOWER');

// The rows shared by every language's benchmark: the same secret and
// identifiers everywhere, each pair measured in alternating rounds after a
// warm-up round, medians of the rounds.
/** @param list<float> $values */
function median(array $values): float
{
    sort($values);
    $middle = intdiv(count($values), 2);
    return count($values) % 2 ? $values[$middle] : ($values[$middle - 1] + $values[$middle]) / 2;
}

/** @param list<float> $baseline @param list<float> $ours */
function medianRatio(array $baseline, array $ours): float
{
    return median(array_map(fn (float $b, float $o): float => $b / $o, $baseline, $ours));
}

/**
 * ns per call of each case, per round; round 0 is the warm-up.
 * @param list<callable(int): void> $cases
 * @return list<list<float>>
 */
function alternate(array $cases, int $calls, int $runs): array
{
    $rounds = array_fill(0, count($cases), []);
    for ($round = 0; $round <= $runs; $round++) {
        foreach ($cases as $i => $case) {
            $start = hrtime(true);
            $case($calls);
            if ($round > 0) {
                $rounds[$i][] = (hrtime(true) - $start) / $calls;
            }
        }
    }
    return $rounds;
}

$jsonPath = getenv('IDENTITY_HMAC_BENCH_JSON');
if ($jsonPath !== false && $jsonPath !== '') {
    $runs = (int) (getenv('IDENTITY_HMAC_BENCH_RUNS') ?: 7);
    echo "\n";
    foreach ([
        ['email ~20 bytes', '', 100_000, "the core's HMAC: 2 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~130 ns in its cargo bench)"],
        ['1 KiB', str_repeat('x', 1001), 20_000, "the core's HMAC: 18 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~710 ns in its cargo bench)"],
    ] as [$label, $pad, $calls, $rest]) {
        $id = $pad . 'user0000001@example.com';
        if ($signer->sign($id) !== hash_hmac('sha256', $id, $key)) {
            fwrite(STDERR, "the two disagree\n");
            exit(1);
        }
        // The floor: sign()'s FFI call shape without the HMAC (a private method).
        $floor = (new \ReflectionMethod(Signer::class, 'benchFloor'))->getClosure($signer);
        if (strlen($floor($id)) !== 64) {
            fwrite(STDERR, "the floor does not return 64 characters\n");
            exit(1);
        }
        [$base, $mine, $once, $bare] = alternate([
            function (int $n) use ($key, $id, &$sink): void {
                for ($i = 0; $i < $n; $i++) {
                    $sink = hash_hmac('sha256', $id, $key);
                }
            },
            function (int $n) use ($signer, $id, &$sink): void {
                for ($i = 0; $i < $n; $i++) {
                    $sink = $signer->sign($id);
                }
            },
            function (int $n) use ($key, $id, &$sink): void {
                for ($i = 0; $i < $n; $i++) {
                    $sink = Signer::fromText($key)->sign($id);
                }
            },
            function (int $n) use ($floor, $id, &$sink): void {
                for ($i = 0; $i < $n; $i++) {
                    $sink = $floor($id);
                }
            },
        ], $calls, $runs);
        $row = [
            'language' => 'PHP (FFI)', 'stdlib_call' => "hash_hmac('sha256', \$data, \$key)",
            'identifier' => $label, 'identifier_bytes' => strlen($id), 'runs' => $runs,
            'stdlib_ns' => median($base), 'signer_ns' => median($mine), 'ratio' => medianRatio($base, $mine),
            'oneshot_ns' => median($once), 'oneshot_ratio' => medianRatio($base, $once),
            // The PHP package has no batch call.
            'batch_ns_per_item' => null,
            'floor_call' => '$signer->benchFloor($id) (private)', 'floor_ns' => median($bare),
            'floor_ratio' => medianRatio($mine, $bare), 'floor_rest' => sprintf('Signer->sign - floor = %.0f ns: %s', median($mine) - median($bare), $rest),
        ];
        printf("shared row, %s: hash_hmac %.0f ns, Signer->sign %.0f ns (%.2fx), one-shot (fromText()->sign) %.2fx\n",
            $label, $row['stdlib_ns'], $row['signer_ns'], $row['ratio'], $row['oneshot_ratio']);
        printf("  floor, %s: %s %.0f ns; Signer->sign is %.2fx the floor (goal <= 1.5x); %s\n",
            $label, $row['floor_call'], $row['floor_ns'], $row['floor_ratio'], $row['floor_rest']);
        file_put_contents($jsonPath, json_encode($row, JSON_UNESCAPED_SLASHES) . "\n", FILE_APPEND);
    }
}
