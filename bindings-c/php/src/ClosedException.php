<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A Signer or Verifier was used after close() (or after its __destruct()
 * was called by hand): its native handle is gone, so the call is refused.
 */
final class ClosedException extends \LogicException
{
}
