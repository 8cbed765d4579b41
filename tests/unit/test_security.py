from tendarr.observability import redact_secrets
from tendarr.security.passwords import hash_password, verify_password
from tendarr.security.secretbox import SecretBox
from tendarr.security.tokens import digest, new_token


def test_password_round_trip_and_mismatch() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password(None, "anything")


def test_secretbox_round_trip_and_wrong_key() -> None:
    sealed = SecretBox("key-one").seal("td_secret")
    assert "td_secret" not in sealed
    assert SecretBox("key-one").open(sealed) == "td_secret"
    assert SecretBox("key-two").open(sealed) is None


def test_tokens_are_unique_and_digests_stable() -> None:
    a, b = new_token("td_"), new_token("td_")
    assert a != b
    assert a.startswith("td_")
    assert digest(a) == digest(a)
    assert len(digest(a)) == 64


def test_log_redaction_hides_credentials() -> None:
    event = redact_secrets(
        None,
        "info",
        {
            "event": "login",
            "password": "p",
            "api_key": "k",
            "Authorization": "Bearer x",
            "session_token": "t",
            "user": "alice",
        },
    )
    assert event == {
        "event": "login",
        "password": "***",
        "api_key": "***",
        "Authorization": "***",
        "session_token": "***",
        "user": "alice",
    }
