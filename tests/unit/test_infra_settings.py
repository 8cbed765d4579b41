from pathlib import Path

import pytest

from tendarr.app_settings import seed_from_environment
from tendarr.settings import ConfigError, InfraSettings, load_infra_settings, resolve_secret_key


def test_defaults_need_no_configuration() -> None:
    infra = load_infra_settings({})
    assert infra.port == 5757
    assert infra.data_dir == Path("./data")
    assert infra.effective_database_url.startswith("sqlite:///")
    assert infra.effective_database_url.endswith("data/tendarr.db")
    assert infra.effective_queue_url.endswith("data/queue.db")
    assert infra.log_format == "pretty"
    assert infra.auth_method is None
    assert infra.plextv_url == "https://plex.tv"


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("TENDARR_PORT", "eighty", "valid integer"),
        ("TENDARR_PORT", "70000", "less than or equal to 65535"),
        ("TENDARR_LOG_FORMAT", "xml", "'pretty' or 'json'"),
        ("TENDARR_LOG_LEVEL", "loud", "DEBUG"),
        ("TENDARR_AUTH_METHOD", "magic", "'internal' or 'external'"),
        ("TENDARR_HTTPS", "maybe", "valid boolean"),
        ("TENDARR_DATABASE_URL", "mysql://x/y", "sqlite:/// or postgresql://"),
        ("TENDARR_DATABASE_URL", "not a url", "not a database URL"),
        ("TENDARR_QUEUE_URL", "amqp://x", "redis://"),
        ("TENDARR_API_KEY", "short", "at least 16"),
        ("TENDARR_MEDIA_ROOT", "relative/media", "absolute path"),
        ("TENDARR_PLEXTV_URL", "plex.tv", "http:// or https://"),
        ("TENDARR_PLEXTV_URL", "https://plex.tv/api", "no path"),
    ],
)
def test_bad_value_names_the_variable(variable: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_infra_settings({variable: value})
    assert caught.value.variable == variable
    assert fragment in caught.value.problem


def test_values_are_normalised() -> None:
    infra = load_infra_settings(
        {
            "TENDARR_LOG_LEVEL": "debug",
            "TENDARR_LOG_FORMAT": "JSON",
            "TENDARR_CORS_ORIGINS": "http://a, http://b",
            "TENDARR_AUTH_METHOD": "External",
            "TENDARR_DATABASE_URL": "postgresql://u@h/db",
        }
    )
    assert infra.log_level == "DEBUG"
    assert infra.log_format == "json"
    assert infra.cors_origins == ("http://a", "http://b")
    assert infra.auth_method == "external"
    assert infra.effective_database_url == "postgresql+psycopg://u@h/db"


def test_secret_key_is_generated_once_and_persisted(tmp_path: Path) -> None:
    infra = load_infra_settings({"TENDARR_DATA_DIR": str(tmp_path)})
    first = resolve_secret_key(infra)
    assert len(first) >= 32
    assert resolve_secret_key(infra) == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_explicit_secret_key_wins(tmp_path: Path) -> None:
    infra = load_infra_settings({"TENDARR_DATA_DIR": str(tmp_path), "TENDARR_SECRET_KEY": "fixed"})
    assert resolve_secret_key(infra) == "fixed"
    assert not (tmp_path / "secret.key").exists()


def test_app_settings_are_seeded_from_nested_variables() -> None:
    seeded = seed_from_environment(
        {
            "TENDARR_GENERAL__INSTANCE_NAME": "Casa",
            "TENDARR_JOBS__MAX_ATTEMPTS": "5",
            "TENDARR_PORT": "1234",
            "TENDARR_UNKNOWN__THING": "x",
        }
    )
    assert seeded.general.instance_name == "Casa"
    assert seeded.jobs.max_attempts == 5


def test_every_variable_is_documented() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    for name in InfraSettings.model_fields:
        assert f"`TENDARR_{name.upper()}`" in documented, name
