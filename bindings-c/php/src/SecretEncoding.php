<?php
declare(strict_types=1);

namespace IdentityHmac;

/** How a secret string becomes the HMAC key. */
enum SecretEncoding: string
{
    /** The secret's bytes as they are: Chatwoot, Intercom, Help Scout, Front, Crisp, Plain. */
    case Text = 'text';
    /** Strict hex (even length, only 0-9a-fA-F): Pylon. */
    case Hex = 'hex';
}
