"""Every error the service raises on purpose, and its one JSON shape.

    CrossingGuardError
    ├── RequestError        -> 4xx JSON {"error": {"code", "message", "field"}}
    │   ├── AuthError        (401)
    │   ├── PayloadTooLarge  (413)
    │   ├── AttachmentNotCached (409: send the attachment's bytes again)
    │   └── UnsupportedMediaType (415)
    └── PolicyError         stops start-up; names the file, the key and the reason

Messages name fields and keys, never values from a message.
"""

from __future__ import annotations


class CrossingGuardError(Exception):
    pass


class RequestError(CrossingGuardError):
    status = 400

    def __init__(self, code: str, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def to_json(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


class AuthError(RequestError):
    status = 401

    def __init__(self, message: str = "A valid credential is required.", code: str = "unauthorized") -> None:
        super().__init__(code, message)


class PayloadTooLarge(RequestError):
    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__("too_large", f"The request is larger than this service accepts ({limit} bytes).")


class AttachmentNotCached(RequestError):
    status = 409

    def __init__(self, field: str) -> None:
        super().__init__(
            "attachment_not_cached",
            f"`{field}` is not known to this service (any more): send the attachment's content again.",
            field,
        )


class PolicyError(CrossingGuardError):
    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where} {reason}")


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    return RequestError(code, message, field).to_json()
