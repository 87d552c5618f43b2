"""The OpenID Connect client (Authlib's Django integration) and the checks around its answers.

Authlib does the protocol: discovery, ``state`` kept in the session and popped on use (a replayed
callback finds nothing), ``nonce``, PKCE (S256), the token request, the ID token's signature
against the provider's JWKS — an unknown ``kid`` makes it fetch the JWKS again once
(``authlib/integrations/base_client/sync_openid.py``, ``parse_id_token``) — and the claims checks.
Here: which claims must be present and equal what (``claims_options``), which signing algorithms
are accepted (never ``none`` or a shared-secret HMAC), that the discovery document names the
configured issuer, and the mapping of every failure to a refusal or "unavailable".
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.http import HttpRequest, HttpResponse
from joserfc.errors import JoseError

from lpse_support.inaproc.config import InaprocSettings, inaproc_settings
from lpse_support.inaproc.errors import InaprocTokenRejected, InaprocUnavailable

logger = logging.getLogger(__name__)

# Asymmetric signatures only: "none" would accept any token, HS* would accept one signed with
# the client secret (which every relying party of the provider knows).
SIGNING_ALGORITHMS = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
)  # fmt: skip
# Seconds of clock skew tolerated on exp/iat/nbf.
LEEWAY_SECONDS = 60


class DiscoveryMismatch(ValueError):
    """The discovery document names another issuer than the configured one."""


class InaprocApp(DjangoOAuth2App):
    """Authlib's Django client, with the discovery document re-read after a while, checked
    against the configured issuer, and its signing algorithms narrowed to ``SIGNING_ALGORITHMS``."""

    expected_issuer = ""
    metadata_seconds = 3600

    def load_server_metadata(self) -> dict[str, Any]:
        loaded_at = self.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at > self.metadata_seconds:
            self.server_metadata.clear()
        fresh = "_loaded_at" not in self.server_metadata
        metadata: dict[str, Any] = super().load_server_metadata()
        if fresh:
            if metadata.get("issuer") != self.expected_issuer:
                issuer = metadata.get("issuer")
                self.server_metadata.clear()
                raise DiscoveryMismatch(f"discovery names issuer {issuer!r}")
            advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
            metadata["id_token_signing_alg_values_supported"] = [
                alg for alg in advertised if alg in SIGNING_ALGORITHMS
            ] or ["RS256"]
        return metadata


class InaprocOAuth(OAuth):
    oauth2_client_cls = InaprocApp


_clients: dict[InaprocSettings, InaprocApp] = {}
_clients_lock = threading.Lock()


def inaproc_client(config: InaprocSettings | None = None) -> InaprocApp:
    """The client for the current settings (one per configuration, so its cached discovery
    document and keys are reused across requests)."""
    config = config or inaproc_settings()
    with _clients_lock:
        client = _clients.get(config)
        if client is None:
            scopes = config.scopes.split()
            if "openid" not in scopes:
                scopes.insert(0, "openid")  # without it there is no ID token and no nonce
            client = InaprocOAuth().register(
                "inaproc",
                client_id=config.client_id,
                client_secret=config.client_secret,
                server_metadata_url=config.discovery_url,
                client_kwargs={
                    "scope": " ".join(scopes),
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": "client_secret_basic",
                    "default_timeout": config.timeout,
                },
            )
            client.expected_issuer = config.issuer
            client.metadata_seconds = config.metadata_seconds
            _clients[config] = client
        return client


def claims_options(config: InaprocSettings) -> dict[str, Any]:
    """Claims every ID token must carry, and the values iss and aud must have. Made fresh per
    call: Authlib takes the ``validate`` hooks out of the dict it is given."""
    return {
        "iss": {"essential": True, "value": config.issuer},
        "aud": {"essential": True, "value": config.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }


def _unavailable(error: Exception) -> InaprocUnavailable:
    logger.warning("Inaproc unavailable: %s: %s", type(error).__name__, error)
    return InaprocUnavailable()


def _rejected(error: Exception | str) -> InaprocTokenRejected:
    logger.warning("Inaproc answer rejected: %s", error)
    return InaprocTokenRejected()


def authorization_redirect(request: HttpRequest, *, redirect_uri: str) -> HttpResponse:
    """To the provider's login, with state, nonce and the PKCE challenge kept in the session."""
    try:
        response: HttpResponse = inaproc_client().authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError, RuntimeError) as error:
        raise _unavailable(error) from error
    return response


def _userinfo(client: InaprocApp, token: dict[str, Any], subject: str) -> dict[str, Any]:
    """The userinfo endpoint's claims, when the provider has one; its ``sub`` must be the ID
    token's (OpenID Connect Core 5.3.2)."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return {}
    info = dict(client.userinfo(token=token))
    if info.get("sub") != subject:
        raise _rejected("userinfo sub differs from the ID token's")
    return info


def verified_claims(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """The claims of the callback's ID token after every check, merged with userinfo, and the
    raw ID token (kept for logout). Raises ``InaprocTokenRejected`` or ``InaprocUnavailable``."""
    config = inaproc_settings()
    client = inaproc_client(config)
    try:
        token = client.authorize_access_token(
            request, claims_options=claims_options(config), leeway=LEEWAY_SECONDS
        )
        id_claims = token.get("userinfo")
        if not token.get("id_token") or not id_claims:
            raise _rejected("no ID token in the token answer")
        claims = {**dict(id_claims), **_userinfo(client, token, id_claims["sub"])}
        # The ID token's own claims are the ones that were checked: userinfo cannot change them.
        claims.update(
            {name: id_claims[name] for name in ("iss", "sub", "aud") if name in id_claims}
        )
    except OAuthError as error:
        raise _rejected(f"{error.error}: {error.description}") from error
    except JoseError as error:
        raise _rejected(f"{type(error).__name__}: {error}") from error
    except (requests.RequestException, ValueError, RuntimeError) as error:
        raise _unavailable(error) from error
    return claims, str(token["id_token"])


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's RP-initiated logout URL for this session, or None when the provider has no
    ``end_session_endpoint`` (or cannot be asked now: then only the local session ends)."""
    client = inaproc_client()
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        result = client.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token
        )
    except (requests.RequestException, ValueError, RuntimeError) as error:
        logger.warning("Inaproc logout URL not made: %s", error)
        return None
    return str(result["url"])
