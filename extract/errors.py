"""Exceptions raised while reading a file.

Each maps to a short reason that the batch runner records for the file
(``reason``); the CLI maps the batch outcome to exit codes (see README).
"""


class ExtractError(Exception):
    """A file could not be read."""

    reason = "unreadable"


class UnsupportedFileType(ExtractError):
    reason = "unsupported type"


class CorruptFile(ExtractError):
    reason = "corrupt"


class EncryptedFile(ExtractError):
    reason = "encrypted"


class OcrUnavailable(ExtractError):
    """Tesseract or its Vietnamese model is not installed."""

    reason = "ocr unavailable"


class FileTooLarge(ExtractError):
    """The file is larger than the configured limit (bytes)."""

    reason = "too large"


class PageTooLarge(ExtractError):
    """A page (or image) would need more pixels than the configured limit to be read."""

    reason = "page too large"
