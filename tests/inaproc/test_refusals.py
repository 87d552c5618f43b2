"""Every refusal of issue 13 point 7: a provider that says something it must not (wrong issuer,
audience, expiry, signature, `alg: none`, nonce), a replayed state, or a provider that cannot be
reached. Each ends on the login page with an Indonesian message, no user, no identity and no
logged-in session; a control test shows the same fake provider's honest answer is accepted, so
each refusal is due to its one defect."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from joserfc.jwk import RSAKey

from lpse_support.accounts.models import User
from lpse_support.inaproc.models import ExternalIdentity
from tests.support.oidc_fake import CLIENT_ID, MisbehavingProvider, misbehaving_provider
from tests.support.oidc_flow import start_sign_in
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

REJECTED = "Jawaban dari Inaproc tidak dapat diverifikasi"
UNAVAILABLE = "Layanan Inaproc sedang tidak dapat dihubungi"


@pytest.fixture
def fake(settings: Any) -> Iterator[MisbehavingProvider]:
    with misbehaving_provider() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider


def begin(client: Client, fake: MisbehavingProvider) -> str:
    """Start a sign-in; the provider learns the nonce; the state to call back with."""
    query = parse_qs(urlsplit(start_sign_in(client)).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    fake.nonce = query["nonce"][0]
    return query["state"][0]


def callback(client: Client, state: str) -> Any:
    return client.get("/akun/inaproc/kembali/", {"code": "a-code", "state": state})


def assert_refused(client: Client, answer: Any, text: str) -> None:
    assert answer.status_code == 302 and answer["Location"] == "/akun/masuk/"
    shown = [str(message) for message in get_messages(answer.wsgi_request)]
    assert any(text in message for message in shown), shown
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert not ExternalIdentity.objects.exists()


def test_the_honest_answer_of_the_fake_provider_is_accepted(fake: MisbehavingProvider) -> None:
    client = Client()
    answer = callback(client, begin(client, fake))
    assert answer["Location"] == "/"
    assert client.session["_auth_user_id"]
    assert ExternalIdentity.objects.get().subject == "fake-sub-1"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"iss": "http://127.0.0.1:1/another-issuer"}, id="wrong-issuer"),
        pytest.param({"iss": None}, id="missing-issuer"),
        pytest.param({"aud": "another-client"}, id="wrong-audience"),
        pytest.param({"aud": None}, id="missing-audience"),
        pytest.param(
            {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"
        ),
        pytest.param({"exp": None}, id="missing-expiry"),
        pytest.param({"nonce": None}, id="missing-nonce"),
        pytest.param({"nonce": "another-nonce"}, id="mismatched-nonce"),
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(
    fake: MisbehavingProvider, changes: dict[str, Any]
) -> None:
    client = Client()
    state = begin(client, fake)
    fake.token_answer = lambda: fake.token_response(fake.signed(fake.claims(**changes)))
    assert_refused(client, callback(client, state), REJECTED)


def test_a_token_signed_by_another_key_is_refused(fake: MisbehavingProvider) -> None:
    client = Client()
    state = begin(client, fake)
    forger = RSAKey.generate_key(2048)
    # Same kid as the provider's real key: only the signature check can tell.
    fake.token_answer = lambda: fake.token_response(fake.signed(fake.claims(), key=forger))
    assert_refused(client, callback(client, state), REJECTED)


def test_an_unsigned_token_is_refused_even_if_the_provider_offers_none(
    fake: MisbehavingProvider,
) -> None:
    fake.discovery_overrides = {"id_token_signing_alg_values_supported": ["none", "RS256"]}
    client = Client()
    state = begin(client, fake)
    fake.token_answer = lambda: fake.token_response(fake.unsigned(fake.claims()))
    assert_refused(client, callback(client, state), REJECTED)


def test_a_token_answer_without_id_token_is_refused(fake: MisbehavingProvider) -> None:
    client = Client()
    state = begin(client, fake)
    fake.token_answer = lambda: {"access_token": "opaque", "token_type": "Bearer"}
    assert_refused(client, callback(client, state), REJECTED)


def test_userinfo_of_another_subject_is_refused(fake: MisbehavingProvider) -> None:
    fake.userinfo = {"sub": "someone-else", "name": "Orang Lain"}
    client = Client()
    assert_refused(client, callback(client, begin(client, fake)), REJECTED)


def test_userinfo_of_the_same_subject_adds_claims(fake: MisbehavingProvider) -> None:
    fake.userinfo = {"sub": "fake-sub-1", "phone_number": "0811-000-111"}
    client = Client()
    callback(client, begin(client, fake))
    assert User.objects.get().phone == "0811-000-111"


def test_a_replayed_state_is_refused(fake: MisbehavingProvider) -> None:
    client = Client()
    state = begin(client, fake)
    assert callback(client, state)["Location"] == "/"
    client.post("/akun/keluar/")
    user_count, identity_count = User.objects.count(), ExternalIdentity.objects.count()

    replay = callback(client, state)  # the same callback URL again, same browser
    stranger = Client()
    stolen = callback(stranger, state)  # and in another browser

    for who, answer in ((client, replay), (stranger, stolen)):
        assert answer["Location"] == "/akun/masuk/"
        assert "_auth_user_id" not in who.session
    assert (User.objects.count(), ExternalIdentity.objects.count()) == (user_count, identity_count)


def test_a_callback_without_a_started_sign_in_is_refused(fake: MisbehavingProvider) -> None:
    client = Client()
    assert_refused(client, callback(client, "never-issued"), REJECTED)


def test_an_error_from_the_provider_is_refused(fake: MisbehavingProvider) -> None:
    client = Client()
    begin(client, fake)
    answer = client.get("/akun/inaproc/kembali/", {"error": "access_denied"})
    assert_refused(client, answer, REJECTED)


def test_discovery_naming_another_issuer_is_not_trusted(fake: MisbehavingProvider) -> None:
    fake.discovery_overrides = {"issuer": "http://127.0.0.1:1/elsewhere"}
    client = Client()
    answer = client.post("/akun/inaproc/masuk/")
    assert_refused(client, answer, UNAVAILABLE)


def test_token_endpoint_down_shows_the_message(fake: MisbehavingProvider) -> None:
    client = Client()
    state = begin(client, fake)
    fake.token_answer = lambda: None  # 500
    assert_refused(client, callback(client, state), UNAVAILABLE)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_provider_unreachable_shows_the_message_and_local_login_works(settings: Any) -> None:
    settings.OIDC_ISSUER = f"http://127.0.0.1:{_closed_port()}"
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "c", "s"
    local = make_user(username="lokal")
    local.set_password("Lokal#2026")
    local.save()
    client = Client()

    answer = client.post("/akun/inaproc/masuk/")

    assert_refused_no_user_check(client, answer)
    page = client.get("/akun/masuk/")
    assert UNAVAILABLE in page.content.decode()
    login = client.post("/akun/masuk/", {"username": "lokal", "password": "Lokal#2026"})
    assert login.status_code == 302 and client.session["_auth_user_id"] == str(local.pk)


def assert_refused_no_user_check(client: Client, answer: Any) -> None:
    assert answer.status_code == 302 and answer["Location"] == "/akun/masuk/"
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()


def test_a_provider_that_never_answers_times_out(settings: Any) -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.OIDC_ISSUER = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "c", "s"
        settings.OIDC_TIMEOUT = 0.5
        client = Client()
        began = time.monotonic()
        answer = client.post("/akun/inaproc/masuk/")
        assert time.monotonic() - began < 5
    assert_refused(client, answer, UNAVAILABLE)


def test_an_unknown_kid_fetches_the_keys_again_once_then_refuses(
    fake: MisbehavingProvider,
) -> None:
    client = Client()
    assert callback(client, begin(client, fake))["Location"] == "/"  # keys now cached
    assert fake.jwks_requests == 1
    client.post("/akun/keluar/")
    User.objects.all().delete()

    other = Client()
    state = begin(other, fake)
    stranger_key = RSAKey.generate_key(2048)
    fake.token_answer = lambda: fake.token_response(
        fake.signed(fake.claims(), key=stranger_key, kid="key-unknown")
    )
    assert_refused(other, callback(other, state), REJECTED)
    assert fake.jwks_requests == 2  # one refetch for the unknown kid, no more


def test_logout_is_local_when_the_provider_has_no_end_session(fake: MisbehavingProvider) -> None:
    fake.discovery_overrides = {"end_session_endpoint": None}
    client = Client()
    callback(client, begin(client, fake))
    assert client.session["_auth_user_id"]
    assert client.post("/akun/keluar/")["Location"] == "/akun/masuk/"


def test_logout_goes_to_the_providers_end_session(fake: MisbehavingProvider) -> None:
    client = Client()
    callback(client, begin(client, fake))
    assert client.post("/akun/keluar/")["Location"].startswith(f"{fake.issuer}/session/end?")


def test_the_discovery_document_is_read_again_after_its_time(
    fake: MisbehavingProvider, settings: Any
) -> None:
    settings.OIDC_METADATA_SECONDS = 0
    first = start_sign_in(Client())
    fake.discovery_overrides = {"authorization_endpoint": f"{fake.issuer}/authorize-v2"}
    second = start_sign_in(Client())
    assert first.startswith(f"{fake.issuer}/auth?")
    assert second.startswith(f"{fake.issuer}/authorize-v2?")


def test_a_token_for_several_audiences_including_ours_is_accepted(
    fake: MisbehavingProvider,
) -> None:
    client = Client()
    state = begin(client, fake)
    claims = fake.claims(aud=[CLIENT_ID, "another-client"], azp=CLIENT_ID)
    fake.token_answer = lambda: fake.token_response(fake.signed(claims))
    assert callback(client, state)["Location"] == "/"


def test_several_audiences_without_ours_as_authorised_party_are_refused(
    fake: MisbehavingProvider,
) -> None:
    client = Client()
    state = begin(client, fake)
    claims = fake.claims(aud=[CLIENT_ID, "another-client"], azp="another-client")
    fake.token_answer = lambda: fake.token_response(fake.signed(claims))
    assert_refused(client, callback(client, state), REJECTED)
