from typing import Protocol, final

from . import Signer
from . import _Encoding, _Secret

__all__ = ["HashArray", "sign"]

class _ArrowArray(Protocol):
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

@final
class HashArray:
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...
    def __len__(self) -> int: ...
    @property
    def null_count(self) -> int: ...

def sign(
    signer_or_secret: Signer | _Secret, array: _ArrowArray | _ArrowStream, *, secret_encoding: _Encoding = None
) -> HashArray: ...
