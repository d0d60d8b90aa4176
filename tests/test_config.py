"""Settings refuse what would leak or fail later: clear-text http off the loopback, missing
credentials; and their repr never shows the secrets."""

from __future__ import annotations

import pytest

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig, is_loopback
from bulkspot.core.backoff import Backoff
from bulkspot.errors import ConfigError
from tests.canaries import API_KEY, TOKEN


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.constantcontact.com/v2/",
        "https://example.com/v2",
        "http://127.0.0.1:9/v2/",
        "http://127.0.0.2:8080/v2/",
        "http://localhost:8080/v2/",
        "http://LOCALHOST/v2/",
        "http://[::1]:8080/v2/",
    ],
)
def test_https_anywhere_and_http_on_the_loopback(base_url: str) -> None:
    settings = ApiSettings(api_key=API_KEY, token=TOKEN, base_url=base_url)
    assert settings.base_url.endswith("/")
    assert settings.base_url.rstrip("/") == base_url.rstrip("/")


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.constantcontact.com/v2/",
        "http://10.0.0.1/v2/",
        "http://192.168.1.5:8080/v2/",
        "http://[2001:db8::1]/v2/",
        "http://localhost.example.com/v2/",
        "http://127.0.0.1.nip.io/v2/",
    ],
)
def test_plain_http_off_the_loopback_is_refused(base_url: str) -> None:
    with pytest.raises(ConfigError, match="not https"):
        ApiSettings(api_key=API_KEY, token=TOKEN, base_url=base_url)


@pytest.mark.parametrize(
    "base_url", ["ftp://127.0.0.1/v2/", "api.constantcontact.com", "", "https://"]
)
def test_not_an_http_url(base_url: str) -> None:
    with pytest.raises(ConfigError):
        ApiSettings(api_key=API_KEY, token=TOKEN, base_url=base_url)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("127.255.0.1", True), ("0.0.0.0", False), ("10.1.1.1", False), ("example.com", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("api_key", "token", "named"),
    [
        ("", TOKEN, "api key"),
        (API_KEY, "", "access token"),
        ("   ", TOKEN, "api key"),
        (API_KEY, "\t\n", "access token"),
    ],
)
def test_empty_credentials_are_refused(api_key: str, token: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        ApiSettings(api_key=api_key, token=token, base_url="http://127.0.0.1:9/v2/")


@pytest.mark.parametrize(
    ("api_key", "token"),
    [
        (API_KEY + "\n", TOKEN),  # a pasted value with its newline
        (API_KEY, TOKEN + "\r\n"),  # aiohttp would refuse the header with a bare ValueError
        (API_KEY, f"{TOKEN} x"),
        (API_KEY + "\x00", TOKEN),
    ],
)
def test_credentials_with_spaces_or_control_characters_are_refused(
    api_key: str, token: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        ApiSettings(api_key=api_key, token=token)
    assert API_KEY not in str(caught.value) and TOKEN not in str(caught.value)


def test_repr_hides_the_secrets() -> None:
    settings = ApiSettings(api_key=API_KEY, token=TOKEN, base_url="http://127.0.0.1:9/v2/")
    config = RunConfig(api=settings)
    for text in (repr(settings), str(settings), repr(config), str(config)):
        assert API_KEY not in text and TOKEN not in text
    assert "127.0.0.1" in repr(settings)
    assert settings.secrets == (API_KEY, TOKEN)


def test_refusals_never_echo_the_secrets() -> None:
    with pytest.raises(ConfigError) as caught:
        ApiSettings(api_key=API_KEY, token=TOKEN, base_url="http://example.com/v2/")
    assert API_KEY not in str(caught.value) and TOKEN not in str(caught.value)


def test_settings_are_frozen() -> None:
    settings = ApiSettings(api_key=API_KEY, token=TOKEN)
    with pytest.raises(AttributeError):
        settings.token = "other"  # type: ignore[misc]


@pytest.mark.parametrize(("connect", "total"), [(0, 60), (10, 0), (-1, 60)])
def test_timeouts_must_be_positive(connect: float, total: float) -> None:
    with pytest.raises(ConfigError, match="timeouts"):
        ApiSettings(api_key=API_KEY, token=TOKEN, connect_timeout=connect, total_timeout=total)


def test_limits_and_retry_policy_are_checked() -> None:
    for bad in (
        lambda: Limits(rate=0),
        lambda: Limits(concurrency=0),
        lambda: Limits(max_concurrency=0),
        lambda: RetryPolicy(max_attempts=0),
        lambda: RetryPolicy(max_seconds=0),
    ):
        with pytest.raises(ConfigError):
            bad()
    no_wait = RetryPolicy.no_wait(3)
    assert no_wait.max_attempts == 3 and no_wait.over_limit_wait == 0
    assert no_wait.backoff == Backoff(0.0, 0.0, 0.0)
