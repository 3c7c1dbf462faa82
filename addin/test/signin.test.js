"use strict";

// Signing in from the served file (MSAL's build, then the handler) as classic Outlook on Windows runs
// it: alone, in the JavaScript-only runtime. The real MSAL code runs; the host's side of nested app
// authentication (its bridge) is played by a fake speaking MSAL's bridge messages.
const test = require("node:test");
const assert = require("node:assert/strict");
const { TENANT, makeItem, makeFetch, verdict, load, fire } = require("./harness");

const SEND = "onMessageSendHandler";
const SCOPE = "api://guard.district.example/11111111-2222-3333-4444-555555555555/Check.Send";

function b64url(value) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The host's NAA bridge: answers GetInitContext and GetToken, or refuses tokens with `error`. */
function fakeBridge({ error = null } = {}) {
  const listeners = [];
  const seen = [];
  const now = Math.floor(Date.now() / 1000);
  const idToken = [b64url({ alg: "none", typ: "JWT" }), b64url({
    aud: "11111111-2222-3333-4444-555555555555", iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT, oid: "oid-1", preferred_username: "kpatel@district.example", iat: now, nbf: now, exp: now + 3600,
  }), "sig"].join(".");
  const account = {
    homeAccountId: `oid-1.${TENANT}`, environment: "login.microsoftonline.com", tenantId: TENANT,
    username: "kpatel@district.example", localAccountId: "oid-1", idToken,
  };
  return {
    seen,
    addEventListener(type, listener) { listeners.push(listener); },
    postMessage(raw) {
      const request = JSON.parse(raw);
      seen.push(request);
      const response = { messageType: "NestedAppAuthResponse", requestId: request.requestId, success: true };
      if (request.method === "GetInitContext") {
        response.initContext = { sdkName: "outlook", sdkVersion: "1.0", capabilities: { queryAccount: false } };
      } else if (error) {
        response.success = false;
        response.error = error;
      } else {
        response.token = { access_token: "naa-token", expires_in: 3600, id_token: idToken, properties: null,
          scope: request.tokenParams.scope };
        response.account = account;
      }
      setTimeout(() => listeners.forEach((listener) => listener(JSON.stringify(response))), 1);
    },
  };
}

function setup(options) {
  const item = makeItem();
  const fetch = makeFetch({ json: verdict("allow") });
  return { fetch, item, ...load({ item, fetch, bundled: true, ...options }) };
}

async function authorization(env) {
  const completions = await fire(env.associated[SEND]);
  assert.equal(completions.length, 1);
  assert.equal(env.fetch.requests.length, 1);
  return env.fetch.requests[0].init.headers.Authorization;
}

test("the served file runs alone in a runtime without window or document, and defines MSAL", () => {
  const env = setup({});
  assert.equal(typeof env.context.msal.createNestablePublicClientApplication, "function");
  assert.deepEqual(Object.keys(env.associated).sort(),
    ["onMessageAttachmentsChangedHandler", "onMessageRecipientsChangedHandler", "onMessageSendHandler"]);
});

test("classic Outlook with nested app authentication: the bundled MSAL gets the token from the host", async () => {
  const bridge = fakeBridge();
  const env = setup({ bridge, nestedAppAuth: true, tokenError: true });
  assert.equal(await authorization(env), "Bearer naa-token");
  const asked = bridge.seen.filter((m) => m.method === "GetToken");
  assert.equal(asked.length, 1);
  assert.equal(asked[0].tokenParams.clientId, "11111111-2222-3333-4444-555555555555");
  assert.equal(asked[0].tokenParams.scope, SCOPE);
});

test("classic Outlook without nested app authentication: OfficeRuntime.auth.getAccessToken", async () => {
  const env = setup({ nestedAppAuth: false });
  assert.equal(await authorization(env), "Bearer token-abc");
});

test("the host refuses a token silently: Office SSO is the fallback", async () => {
  const bridge = fakeBridge({ error: { status: "ACCOUNT_UNAVAILABLE", code: "interaction_required" } });
  const env = setup({ bridge, nestedAppAuth: true });
  assert.equal(await authorization(env), "Bearer token-abc");
  assert.equal(bridge.seen.filter((m) => m.method === "GetToken").length, 1, "NAA was tried first");
});

test("the host offers no bridge though NestedAppAuth is claimed: Office SSO is the fallback", async () => {
  const env = setup({ nestedAppAuth: true });
  assert.equal(await authorization(env), "Bearer token-abc");
});

test("neither path gives a token: 'could not sign you in', and nothing is posted", async () => {
  const env = setup({ nestedAppAuth: false, tokenError: true });
  const [options] = await fire(env.associated[SEND]);
  assert.match(options.errorMessage, /could not sign you in/);
  assert.equal(env.fetch.requests.length, 0);
});

test("MSAL signs in against the district's tenant, not /common", async () => {
  const configs = [];
  const naa = {
    createNestablePublicClientApplication: (config) => {
      configs.push(JSON.parse(JSON.stringify(config)));
      return Promise.resolve({ acquireTokenSilent: () => Promise.resolve({ accessToken: "naa-token" }) });
    },
  };
  const item = makeItem();
  const fetch = makeFetch({ json: verdict("allow") });
  const env = load({ item, fetch, naa });
  await fire(env.associated[SEND]);
  assert.deepEqual(configs, [{ auth: {
    clientId: "11111111-2222-3333-4444-555555555555",
    authority: `https://login.microsoftonline.com/${TENANT}`,
  } }]);
});
