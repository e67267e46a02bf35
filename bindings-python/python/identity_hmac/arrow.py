"""Identity hashes for whole Arrow columns: pyarrow, Polars, DuckDB, Spark.

``sign`` takes any object with the Arrow PyCapsule interface
(``__arrow_c_array__`` or ``__arrow_c_stream__``) whose values are strings or
binaries, reads its buffers in place (no Python object per row), hashes with
the GIL released, and returns a ``HashArray``: an Arrow ``string`` array of 64
lowercase hex characters per row, null where the identifier is null::

    import pyarrow as pa
    import identity_hmac.arrow

    hashes = pa.array(identity_hmac.arrow.sign(signer, table["email"]))

Needs a build with the ``arrow`` feature (``pip install identity-hmac[arrow]``
brings pyarrow as well).
"""

from __future__ import annotations

from . import _native
from ._native import Signer

try:
    from ._native import HashArray, arrow_sign as _arrow_sign
except ImportError:  # pragma: no cover - a build without the feature
    raise ImportError(
        "identity_hmac.arrow needs identity_hmac built with its `arrow` feature; "
        f"this build ({_native.__file__}) lacks it"
    ) from None

__all__ = ["HashArray", "sign"]


def sign(signer_or_secret, array, *, secret_encoding=None):
    """The identity hash of every row of ``array``, as a ``HashArray``.

    ``signer_or_secret`` is a ``Signer``, or a secret decoded by
    ``secret_encoding`` (``"text"`` by default). ``array``: a pyarrow
    ``string``, ``large_string``, ``string_view``, ``binary``,
    ``large_binary`` or ``binary_view`` array, a ``ChunkedArray``, a Polars
    ``Series``, a one-column table, record batch or DuckDB result. Strings are
    hashed as their UTF-8 bytes, as ``Signer.sign`` does. Null rows give null
    hashes. Other value types raise ``TypeError``.
    """
    if isinstance(signer_or_secret, Signer):
        if secret_encoding is not None:
            raise TypeError("secret_encoding applies to a secret, not to a Signer")
        signer = signer_or_secret
    else:
        signer = Signer(signer_or_secret, secret_encoding=secret_encoding)
    return _arrow_sign(signer, array)
