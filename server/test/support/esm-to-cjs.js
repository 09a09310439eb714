/**
 * Jest loads CommonJS; jose ships only ES modules. This turns them into
 * CommonJS with TypeScript's transpiler and nothing else, keeping class
 * fields as written (ts-jest rewrote them into constructors, before the
 * super() call, which broke jose's error classes).
 */
const crypto = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  useDefineForClassFields: true,
  allowJs: true,
  inlineSourceMap: true,
};

module.exports = {
  process(source, filename) {
    return { code: ts.transpileModule(source, { fileName: filename, compilerOptions }).outputText };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(`${ts.version}\0${filename}\0${source}`).digest('hex');
  },
};
