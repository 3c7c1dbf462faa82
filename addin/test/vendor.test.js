"use strict";

// The MSAL bundle the pages load is served from this origin (no CDN at run time). It is a copy of
// the npm package's own UMD build: update it with `npm install @azure/msal-browser@<version>` and
// copy lib/msal-browser.min.js over outlook/vendor/msal-browser.min.js.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const vendored = path.join(__dirname, "..", "outlook", "vendor", "msal-browser.min.js");

test("the vendored MSAL bundle is the npm package's build, byte for byte", () => {
  const root = path.dirname(require.resolve("@azure/msal-browser/package.json"));
  const packaged = path.join(root, "lib", "msal-browser.min.js");
  assert.ok(fs.readFileSync(vendored).equals(fs.readFileSync(packaged)));
});

test("the vendored MSAL bundle defines createNestablePublicClientApplication as a global", () => {
  const context = vm.createContext({ globalThis: undefined });
  context.globalThis = context;
  vm.runInContext(fs.readFileSync(vendored, "utf8"), context);
  assert.equal(typeof context.msal.createNestablePublicClientApplication, "function");
});
