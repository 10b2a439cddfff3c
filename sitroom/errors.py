"""One exception tree for sitroom. Every message says what went wrong with which
input and what to do next; the CLI prints ``str(error)`` as one line.

    SitroomError
    ├── InputError            an input cannot be read (names the input and the reason)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── EncodingError
    │   ├── InputTooLarge
    │   └── FetchRefused      a URL not fetched (scheme, private address, redirect) or a failed fetch
    ├── ConfigError           a setting or argument is wrong
    ├── GazetteerError        the place index is missing or broken
    ├── ModelError            an NLP model is not installed
    ├── StoreError            the database cannot be opened or written
    │   └── SchemaVersionError
    └── EvalError             a gold file cannot be read
"""

from __future__ import annotations


class SitroomError(Exception):
    """Base class: catch this to handle every error sitroom raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} ({hint})")


class InputError(SitroomError):
    code = "bad-input"

    def __init__(self, origin: str, reason: str, *, hint: str | None = None) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}", hint=hint)


class EmptyInput(InputError):
    code = "empty-input"


class BinaryInput(InputError):
    code = "binary-input"


class EncodingError(InputError):
    code = "bad-encoding"


class InputTooLarge(InputError):
    code = "input-too-large"


class FetchRefused(InputError):
    """A URL sitroom will not fetch (scheme, address, redirect policy) or a fetch that failed."""

    code = "fetch-refused"


class ConfigError(SitroomError):
    code = "bad-config"


class GazetteerError(SitroomError):
    code = "gazetteer"


class ModelError(SitroomError):
    code = "model-missing"


class StoreError(SitroomError):
    code = "store"


class SchemaVersionError(StoreError):
    code = "schema-version"


class EvalError(SitroomError):
    code = "eval"
