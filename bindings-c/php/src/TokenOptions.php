<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * How a token is signed, beyond the secret and the claims: by Token::sign()
 * and by the token presets (Widget::IntercomJwt, Widget::Zendesk) of
 * IdentityHmac::identify() and identifyScript(). Hash presets ignore it.
 */
final class TokenOptions
{
    /**
     * @param ?int    $expiresIn seconds until the token expires: the library sets exp = now + expiresIn
     * @param ?string $keyId     the header's kid (Zendesk's key id; Zendesk needs one)
     * @param ?int    $now       seconds since the Unix epoch instead of the system clock (tests, reproducible tokens)
     * @throws \ValueError for a negative expiresIn, which the C type (unsigned) cannot hold
     */
    public function __construct(
        public readonly ?int $expiresIn = null,
        public readonly ?string $keyId = null,
        public readonly ?int $now = null,
    ) {
        if ($expiresIn !== null && $expiresIn < 0) {
            throw new \ValueError('identity-hmac: expiresIn must be 0 or more seconds');
        }
    }
}
