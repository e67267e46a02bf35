<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;
use FFI\CData;

/** Library-wide helpers. */
final class IdentityHmac
{
    /** A new secret: 32 bytes from the OS CSPRNG as 64 lowercase hex characters (use with Signer::fromHex). */
    public static function generateSecret(): string
    {
        $ffi = Library::ffi();
        $out = $ffi->new('char[65]');
        $status = $ffi->identity_hmac_generate_secret_hex($out);
        if ($status !== 0) {
            Library::throwStatus($status);
        }
        return FFI::string($out, 64);
    }

    /**
     * The fields the widget's identify call takes, the hash (or a token
     * preset's token) included, named and ordered as the vendor's call names
     * them: for Chatwoot ['identifier' => ..., 'email' => ..., 'name' => ...,
     * 'identifier_hash' => ...]. The library picks the signed value and the
     * secret's encoding (hex for Pylon) from its preset table.
     *
     * @param array<string, string|int|null> $user identifier (a string or an int, signed as its
     *        decimal string), email, name, avatar_url, phone_number; null leaves a field out
     * @param ?SecretEncoding $encoding null: the preset's own encoding
     * @param ?TokenOptions $options expiry, key id and clock of the token presets (IntercomJwt, Zendesk)
     * @return array<string, string>
     * @throws WidgetException MISSING_FIELD (getField()), UNKNOWN_FIELD
     * @throws InvalidSecretException EMPTY_SECRET, INVALID_HEX_SECRET
     * @throws TokenException INVALID_CLAIMS (token presets)
     */
    public static function identify(
        Widget $widget,
        #[\SensitiveParameter] string $secret,
        array $user,
        ?SecretEncoding $encoding = null,
        ?TokenOptions $options = null,
    ): array {
        $ffi = Library::ffi();
        $keep = [];
        [$fields, $count] = Library::fields($user, 'user', 'identifier', $keep);
        $widgetValue = $widget->native();
        $encodingValue = $encoding === null ? $ffi->IDENTITY_HMAC_SECRET_PRESET : Library::encoding($encoding);
        $tokenOptions = Library::tokenOptions($options, $keep);
        $json = Library::text(static fn (CData $out, int $capacity, CData $length, CData $detail): int => $ffi->identity_hmac_identify(
            $widgetValue, $secret, strlen($secret), $encodingValue, $fields, $count, $tokenOptions, $out, $capacity, $length, $detail));
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }

    /**
     * The widget's identify call as JavaScript source, safe inside a
     * `<script>` element: every value is JSON-encoded with `<`, `>`, `&`,
     * `'`, U+2028 and U+2029 escaped, so a user named `</script>...` stays
     * inert. With a CSP $nonce, the whole `<script nonce="...">...</script>`
     * element. The same input always gives the same bytes.
     *
     * @param array<string, string|int|null> $user as for identify()
     * @param array<string, string|null> $page the values the call needs that the library cannot know:
     *        app_id (Pylon, Intercom, IntercomJwt), chatId (Front), appId (Plain)
     * @param ?string $nonce the page's CSP nonce (base64), or null for the source alone
     * @throws WidgetException MISSING_FIELD, UNKNOWN_FIELD, INVALID_NONCE
     * @throws InvalidSecretException EMPTY_SECRET, INVALID_HEX_SECRET
     * @throws TokenException INVALID_CLAIMS (token presets)
     */
    public static function identifyScript(
        Widget $widget,
        #[\SensitiveParameter] string $secret,
        array $user,
        array $page = [],
        ?string $nonce = null,
        ?SecretEncoding $encoding = null,
        ?TokenOptions $options = null,
    ): string {
        $ffi = Library::ffi();
        $keep = [];
        [$fields, $count] = Library::fields($user, 'user', 'identifier', $keep);
        [$pageFields, $pageCount] = Library::fields($page, 'page', null, $keep);
        $widgetValue = $widget->native();
        $encodingValue = $encoding === null ? $ffi->IDENTITY_HMAC_SECRET_PRESET : Library::encoding($encoding);
        $tokenOptions = Library::tokenOptions($options, $keep);
        // A PHP string (even '') is a non-NULL pointer; null is NULL, no nonce.
        $nonceLength = $nonce === null ? 0 : strlen($nonce);
        return Library::text(static fn (CData $out, int $capacity, CData $length, CData $detail): int => $ffi->identity_hmac_identify_script(
            $widgetValue, $secret, strlen($secret), $encodingValue, $fields, $count, $pageFields, $pageCount,
            $nonce, $nonceLength, $tokenOptions, $out, $capacity, $length, $detail));
    }

    /** The version of the loaded C library. */
    public static function version(): string
    {
        // PHP FFI returns a `const char *` result as a PHP string.
        return Library::ffi()->identity_hmac_version();
    }
}
