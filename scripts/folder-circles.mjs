#!/usr/bin/env node
/**
 * Fails when folders import each other in a circle: server/src/users → tags →
 * users counts even when no single file does. dependency-cruiser reads the
 * imports (type-only ones too) and folds them into one node per folder of
 * server/src, server/bench and widget/src; the circles are the graph's
 * strongly connected components. Run by `npm run lint`.
 */
import { existsSync } from 'node:fs';
import { cruise } from 'dependency-cruiser';

const FOLDER = '^(server/src|server/bench|widget/src)/[^/]+';

const { output } = await cruise(
  ['server/src', 'server/bench', 'widget/src'].filter((folder) => existsSync(folder)),
  {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    outputType: 'json',
    collapse: FOLDER,
  },
);
const folders = new Map(
  JSON.parse(output)
    .modules.filter((module) => new RegExp(`${FOLDER}$`).test(module.source))
    .map((module) => [module.source, module.dependencies.map((dependency) => dependency.resolved).filter((to) => to !== module.source)]),
);

// Tarjan's strongly connected components: every component of two or more folders is a circle.
const index = new Map();
const low = new Map();
const stack = [];
const circles = [];
let next = 0;
function visit(folder) {
  index.set(folder, next);
  low.set(folder, next);
  next += 1;
  stack.push(folder);
  for (const to of folders.get(folder) ?? []) {
    if (!folders.has(to)) continue;
    if (!index.has(to)) {
      visit(to);
      low.set(folder, Math.min(low.get(folder), low.get(to)));
    } else if (stack.includes(to)) {
      low.set(folder, Math.min(low.get(folder), index.get(to)));
    }
  }
  if (low.get(folder) !== index.get(folder)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    component.push(member);
  } while (member !== folder);
  if (component.length > 1) circles.push(component.sort());
}
for (const folder of folders.keys()) if (!index.has(folder)) visit(folder);

if (circles.length === 0) {
  console.log(`no import circle between ${folders.size} folders`);
} else {
  for (const circle of circles) {
    const edges = circle.flatMap((from) => (folders.get(from) ?? []).filter((to) => circle.includes(to)).map((to) => `    ${from} → ${to}`));
    console.error(`import circle between ${circle.join(', ')}:\n${edges.join('\n')}`);
  }
  process.exit(1);
}
