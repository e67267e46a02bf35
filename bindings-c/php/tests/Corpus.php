<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

/** The shared corpus, read in place: $IDENTITY_HMAC_CORPUS or conformance/corpus.json of the repository. */
final class Corpus
{
    private static ?array $data = null;

    public static function group(string $name): array
    {
        if (self::$data === null) {
            $path = getenv('IDENTITY_HMAC_CORPUS') ?: dirname(__DIR__, 3) . '/conformance/corpus.json';
            self::$data = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        }
        $cases = [];
        foreach (self::$data[$name] as $vector) {
            $cases[$vector['id']] = [$vector];
        }
        return $cases;
    }

    /** A BYTES object: {"utf8": "..."} or {"hex": "..."}; PHP strings hold either. */
    public static function bytes(array $value): string
    {
        if (array_key_exists('utf8', $value)) {
            return $value['utf8'];
        }
        $raw = hex2bin($value['hex']);
        if ($raw === false) {
            throw new \UnexpectedValueException('corpus: bad hex bytes');
        }
        return $raw;
    }
}
