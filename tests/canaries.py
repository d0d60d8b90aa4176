"""Distinctive secrets, and the check that an error shows neither: any appearance of them in
an error is a leak, not a coincidence."""

from __future__ import annotations

API_KEY = "KEYzq81vLEAKCANARY"
TOKEN = "TOKzq81vLEAKCANARY-0f3e"
SECRETS = (API_KEY, TOKEN)


def assert_no_secret(error: BaseException) -> None:
    """Neither secret in str/repr of the error nor of anything on its cause/context chain."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        texts = [str(exc), repr(exc), *(repr(a) for a in exc.args)]
        texts += [repr(v) for v in vars(exc).values()] if hasattr(exc, "__dict__") else []
        for text in texts:
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} leaked through {type(exc).__name__}"
        todo += [exc.__cause__, exc.__context__]
