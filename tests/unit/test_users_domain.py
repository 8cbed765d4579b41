import pytest

from tendarr.domain.users import (
    Permission,
    Role,
    User,
    normalise_username,
    password_problem,
    username_problem,
)


def test_admin_may_do_everything() -> None:
    admin = User(id=1, username="a", role=Role.ADMIN)
    assert all(admin.can(p) for p in Permission)


def test_user_may_do_only_granted_permissions() -> None:
    user = User(id=2, username="b", role=Role.USER, permissions=frozenset({Permission.REQUEST}))
    assert user.can(Permission.REQUEST)
    assert not user.can(Permission.MANAGE_SETTINGS)


def test_usernames_are_trimmed_and_case_folded() -> None:
    assert normalise_username("  Alice ") == "alice"


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "must not be empty"), ("a b", "spaces"), ("x" * 65, "at most 64")],
)
def test_bad_usernames_are_explained(name: str, problem: str) -> None:
    assert problem in (username_problem(name) or "")


def test_password_needs_eight_characters() -> None:
    assert password_problem("1234567") == "password must be at least 8 characters"
    assert password_problem("12345678") is None
