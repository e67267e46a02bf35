<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A refused argument. getErrorCode() gives the code string shared by every
 * identity-hmac binding (UNKNOWN_SECRET_ENCODING, NO_SECRETS, ...). The
 * message never contains a secret.
 */
class IdentityHmacException extends \InvalidArgumentException
{
    public function __construct(string $message, private readonly string $errorCode, int $status = 0)
    {
        parent::__construct($message, $status);
    }

    /** The contract's code string, such as "EMPTY_SECRET". */
    public function getErrorCode(): string
    {
        return $this->errorCode;
    }
}
