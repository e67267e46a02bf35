<?php
declare(strict_types=1);

namespace IdentityHmac;

/** A secret's value is refused: EMPTY_SECRET or INVALID_HEX_SECRET. */
final class InvalidSecretException extends IdentityHmacException
{
    public function __construct(string $message, string $errorCode, int $status, private readonly ?int $position)
    {
        parent::__construct($message, $errorCode, $status);
    }

    /** The 0-based position of an INVALID_HEX_SECRET error, else null. */
    public function getPosition(): ?int
    {
        return $this->position;
    }
}
