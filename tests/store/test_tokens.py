"""API tokens: listed without their value, created for a user, revoked for good (401)."""

from __future__ import annotations

import pytest

from quiz import cli
from quiz.store import tokens, users


@pytest.fixture
def alice_token(db) -> str:
    _user, token = users.create_user(db, "alice", "host", "motdepasse")
    return token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_revoked_token_gets_401(db, client, alice_token):
    assert client.get("/api/quizzes", headers=bearer(alice_token)).status_code == 200
    [info] = tokens.list_tokens(db)
    tokens.revoke(db, str(info.id))
    response = client.get("/api/quizzes", headers=bearer(alice_token))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_token_is_named_by_its_fingerprint_or_its_value(db, alice_token):
    second = tokens.create_token(db, "alice")
    first, _ = tokens.list_tokens(db)
    assert tokens.revoke(db, first.fingerprint[:6]).id == first.id
    assert tokens.revoke(db, second).revoked_at is not None
    assert users.user_by_token(db, alice_token) is None
    assert users.user_by_token(db, second) is None


def test_listing_never_shows_a_token(db, alice_token):
    [info] = tokens.list_tokens(db)
    assert info.user == "alice" and info.role == "host" and info.revoked_at is None
    assert alice_token not in repr(info)


def test_a_new_token_works_beside_the_old_one(db, client, alice_token):
    second = tokens.create_token(db, "alice")
    assert client.get("/api/quizzes", headers=bearer(second)).status_code == 200
    assert client.get("/api/quizzes", headers=bearer(alice_token)).status_code == 200


def test_a_fingerprint_prefix_of_digits_only_is_a_prefix_not_an_id(db, alice_token):
    from sqlalchemy import update

    from quiz.store import models

    tokens.create_token(db, "alice")
    [_first, second] = tokens.list_tokens(db)
    with db.session() as session:  # one hash in sixteen begins with six digits
        session.execute(update(models.ApiToken).where(models.ApiToken.id == second.id)
                        .values(token_hash="123456" + "0" * 58))
        session.commit()
    assert tokens.revoke(db, "123456").id == second.id
    assert users.user_by_token(db, alice_token) is not None


@pytest.mark.parametrize("reference", ["999", "ffffffffff", "not-a-token", "abc"])
def test_revoking_an_unknown_token_fails(db, alice_token, reference):
    with pytest.raises(tokens.TokenNotFound):
        tokens.revoke(db, reference)


def test_creating_a_token_for_an_unknown_user_fails(db):
    with pytest.raises(LookupError):
        tokens.create_token(db, "nobody")


@pytest.fixture
def instance(tmp_path, monkeypatch, questions_dir):
    """Point the `quiz` command at a fresh instance folder."""
    monkeypatch.setenv("QUIZ_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("QUIZ_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("QUIZ_QUESTIONS_PATH", str(questions_dir))
    monkeypatch.setenv("QUIZ_SECRET_KEY", "test")
    assert cli.main(["create-user", "bob", "--role", "host", "--password", "x"]) == 0


def test_the_quiz_token_command_lists_creates_and_revokes(instance, capsys):
    capsys.readouterr()
    assert cli.main(["token", "create", "bob"]) == 0
    created = capsys.readouterr().out.split("(shown once): ")[1].strip()
    assert cli.main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "bob" in listing and "active" in listing and created not in listing
    assert cli.main(["token", "revoke", "2"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert cli.main(["token", "list"]) == 0
    assert listing.count("active") == 2
    assert capsys.readouterr().out.count("active") == 1
    assert cli.main(["token", "revoke", "nothing-like-it"]) == 1
    assert cli.main(["token", "create", "nobody"]) == 1
