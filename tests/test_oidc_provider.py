"""The demo OpenID Connect provider (deploy/oidc, the real Node `oidc-provider`) signs people in
the way Streamlit's st.login expects: the authorization-code flow, with the e-mail and name in the
ID token, the prompt Streamlit asks for (select_account) accepted, and wrong passwords refused.

The browser test (test_team_browser.py) signs in through st.login itself; this one checks the
provider on its own, quickly, with the same library st.login uses (Authlib).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.jwk import KeySet

from team_support import COACH, STUDENT_ONE, start_provider

APP_PORT = 8599  # only named in the redirect URI; nothing listens there


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    server = start_provider(tmp_path_factory.mktemp("oidc"), APP_PORT)
    yield server
    server.stop()


def authorize(provider, login: str, password: str, prompt: str = "select_account"):
    """Start an authorization request as st.login does; submit the sign-in form; return the reply."""
    client = OAuth2Client(provider.client_id, provider.client_secret, scope="openid email profile",
                          redirect_uri=f"http://127.0.0.1:{APP_PORT}/oauth2callback")
    metadata = httpx.get(provider.metadata_url).json()
    url, state = client.create_authorization_url(metadata["authorization_endpoint"], nonce="n-0S6", prompt=prompt)
    browser = httpx.Client(follow_redirects=False)
    reply = browser.get(url)
    while reply.status_code in (302, 303) and "/oauth2callback" not in reply.headers["location"]:
        reply = browser.get(httpx.URL(str(reply.url)).join(reply.headers["location"]))
    assert reply.status_code == 200 and 'name="password"' in reply.text, reply.text[:500]
    action = re.search(r'action="([^"]+)"', reply.text).group(1)
    reply = browser.post(httpx.URL(str(reply.url)).join(action), data={"login": login, "password": password})
    while reply.status_code in (302, 303) and "/oauth2callback" not in reply.headers["location"]:
        reply = browser.get(httpx.URL(str(reply.url)).join(reply.headers["location"]))
    return client, metadata, state, reply


def test_a_student_signs_in_and_the_id_token_says_who(provider):
    client, metadata, state, reply = authorize(provider, STUDENT_ONE.email, STUDENT_ONE.password)
    assert reply.status_code in (302, 303), reply.text[:500]
    callback = reply.headers["location"]
    assert callback.startswith(f"http://127.0.0.1:{APP_PORT}/oauth2callback?")
    query = parse_qs(urlparse(callback).query)
    assert query["state"] == [state]
    token = client.fetch_token(metadata["token_endpoint"], code=query["code"][0])
    keys = KeySet.import_key_set(httpx.get(metadata["jwks_uri"]).json())
    claims = jwt.decode(token["id_token"], keys).claims  # the signature is checked here
    jwt.JWTClaimsRegistry(aud={"essential": True, "value": provider.client_id}).validate(claims)
    # Who signed in is issuer + subject; the e-mail and name come along for display and grants.
    assert claims["iss"] == provider.issuer
    assert claims["sub"] == STUDENT_ONE.sub
    assert claims["email"] == STUDENT_ONE.email
    assert claims["name"] == STUDENT_ONE.name
    assert claims["nonce"] == "n-0S6"


def test_a_wrong_password_is_refused(provider):
    _client, _metadata, _state, reply = authorize(provider, COACH.email, "not-the-password")
    assert reply.status_code == 401
    assert "Wrong e-mail or password." in reply.text
    assert "oauth2callback" not in reply.headers.get("location", "")


def test_an_unknown_user_is_refused(provider):
    _client, _metadata, _state, reply = authorize(provider, "nobody@example.org", STUDENT_ONE.password)
    assert reply.status_code == 401


def test_user_text_in_the_form_is_escaped(provider):
    _client, _metadata, _state, reply = authorize(provider, '"><script>alert(1)</script>', "x")
    assert "<script>alert(1)</script>" not in reply.text
    assert "&lt;script&gt;" in reply.text
