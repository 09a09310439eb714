// The manifest of the public element, from its JSDoc (@attr, @prop, @fires, @csspart, @cssprop):
// `npm run manifest -w widget` rewrites widget/custom-elements.json, and a test fails when it is stale.
export default {
  globs: ['src/user-manager.ts'],
  litelement: true,
  packagejson: false,
};
