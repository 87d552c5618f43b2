// A real OpenID Connect provider on loopback, standing in for Inaproc in tests and in a local
// `make run` (docs/auth.md, "Pointing make run at a provider").
//
// It is the certified npm package `oidc-provider` (panva), not a fake: discovery, JWKS, the
// authorization-code flow with PKCE (S256 only), state/nonce handling, ID tokens signed RS256
// and RP-initiated logout are the library's own. Only the set-up lives here:
//
//   node scripts/oidc_provider.mjs CONFIG.json      (or OIDC_PROVIDER_CONFIG=CONFIG.json)
//
// CONFIG.json:
//   {
//     "port": 9000,
//     "host": "127.0.0.1",
//     "issuer": "http://127.0.0.1:9000",     // optional; defaults to http://host:port
//     "client": {"client_id": "...", "client_secret": "...",
//                "redirect_uris": ["http://127.0.0.1:8000/akun/inaproc/kembali/"],
//                "post_logout_redirect_uris": ["http://127.0.0.1:8000/akun/masuk/"]},
//     "accounts": {"<sub>": {"name": "...", "email": "...", "email_verified": true,
//                            "phone_number": "...", "inaproc_role": "PPK",
//                            "lpse_kode": "kota-makassar"}},
//     "claims": {"profile": ["name", ...]},  // optional: scope → released claims
//     "keys": 1                              // RSA signing keys made at start (kid differs per start)
//   }
//
// Sign-in uses the library's development login form (devInteractions): the login field is the
// account's `sub` from "accounts"; the password is not checked (a test double for Inaproc's
// own factors). Consent is implied for the one configured client, as for a first-party app.
// When ready it prints one line to stdout: `ready <issuer>`; it stops on SIGTERM/SIGINT.
// Node 20 makes the library print an "Unsupported runtime" warning: harmless.

import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const path = process.argv[2] || process.env.OIDC_PROVIDER_CONFIG;
if (!path) {
  console.error("usage: node scripts/oidc_provider.mjs CONFIG.json");
  process.exit(2);
}
const config = JSON.parse(readFileSync(path, "utf8"));
const host = config.host || "127.0.0.1";
const accounts = config.accounts || {};

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

async function findAccount(ctx, sub) {
  const claims = accounts[sub];
  if (!claims) return undefined;
  return { accountId: sub, claims: async () => ({ ...claims, sub }) };
}

// The one client is first-party: its grant is made on first use instead of asking for consent.
async function loadExistingGrant(ctx) {
  const grantId =
    ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
  if (grantId) {
    const existing = await ctx.oidc.provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new ctx.oidc.provider.Grant({
    clientId: ctx.oidc.client.clientId,
    accountId: ctx.oidc.session.accountId,
  });
  grant.addOIDCScope(ctx.oidc.params.scope);
  await grant.save();
  return grant;
}

function start(port) {
  const issuer = config.issuer || `http://${host}:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        ...config.client,
      },
    ],
    jwks: { keys: Array.from({ length: config.keys || 1 }, signingKey) },
    findAccount,
    loadExistingGrant,
    // Which claims each scope releases; "claims" in the config replaces this.
    claims: config.claims || {
      openid: ["sub"],
      profile: ["name", "inaproc_role", "lpse_kode", "instansi"],
      email: ["email", "email_verified"],
      phone: ["phone_number", "phone_number_verified"],
    },
    // Profile claims in the ID token as well as at userinfo (Inaproc's shape).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: [randomBytes(32).toString("hex")] },
  });
  const server = provider.listen(port, host, () => {
    process.stdout.write(`ready ${issuer}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (!config.port) {
  console.error("config: port is required");
  process.exit(2);
}
start(config.port);
