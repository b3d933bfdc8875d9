// A local OpenID Connect provider for Callback's team-mode demo (`make team`) and its tests.
//
// It is panva's certified `oidc-provider` with a small sign-in form of our own instead of the
// library's development form (which accepts any name and any password): the demo users and their
// passwords come from a JSON file. Never use it for real sign-in — a real deployment signs in with
// the university's own provider (Google Workspace, Microsoft Entra, Okta, Keycloak...).
//
// Usage: node provider.mjs CONFIG.json
//   {"issuer": "http://127.0.0.1:9400", "port": 9400,
//    "clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": ["http://127.0.0.1:8501/oauth2callback"]}],
//    "users": [{"sub": "student-1", "email": "...", "name": "...", "password": "..."}],
//    "cookie_keys": ["a long random string"]}
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node provider.mjs CONFIG.json');
  process.exit(2);
}
let config;
try {
  config = JSON.parse(readFileSync(configPath, 'utf8'));
} catch (err) {
  console.error(`cannot read ${configPath}: ${err.message}`);
  process.exit(2);
}

const users = new Map(config.users.map((u) => [u.sub, u]));
const byLogin = new Map(config.users.map((u) => [u.email.toLowerCase(), u]));

// Streamlit's st.login asks for prompt=select_account; the library knows only login and consent.
// Our sign-in form is how an account is selected, so it answers both prompts.
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }));

const provider = new Provider(config.issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    post_logout_redirect_uris: c.redirect_uris,
    ...c,
  })),
  cookies: { keys: config.cookie_keys },
  // A signing key of its own, new at every start (the library's built-in key is public).
  jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // st.user is read from the ID token (Authlib does not call the userinfo endpoint): put the
  // e-mail and name into it.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  ttl: {
    Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 3600, IdToken: 3600,
  },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = users.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: user.email, email_verified: true, name: user.name };
      },
    };
  },
  // Callback is the provider's own first-party client: no "allow this app?" consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
// Demo servers run behind nothing: plain HTTP on the loopback address.
provider.proxy = false;

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function page(uid, error = '', login = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in — Callback demo</title>
<style>body{font-family:sans-serif;max-width:26rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}
input{padding:.5rem}button{padding:.6rem}.error{color:#b00020}</style></head><body>
<h1>Sign in</h1><p>Callback demo provider (local, for trying team mode).</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="login">E-mail</label><input id="login" name="login" type="email" required autofocus value="${escape(login)}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, config.issuer).pathname);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') return send(res, 200, page(details.uid));
    if (req.method !== 'POST') return send(res, 405, 'method not allowed');
    const form = await readForm(req);
    const login = (form.get('login') || '').trim();
    const user = byLogin.get(login.toLowerCase());
    if (!user || user.password !== form.get('password')) {
      return send(res, 401, page(details.uid, 'Wrong e-mail or password.', login));
    }
    return provider.interactionFinished(req, res, {
      login: { accountId: user.sub }, select_account: {},
    }, { mergeWithLastSubmission: false });
  } catch (err) {
    return send(res, 400, `<p>Sign-in failed: ${escape(err.message)}. Go back to the app and sign in again.</p>`);
  }
});

server.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${config.issuer}`);
});
// Sessions live in memory only: nothing to save, so stop at once (open keep-alive connections too).
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
