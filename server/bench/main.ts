import 'reflect-metadata';
import { openBenchSession, type BenchSection } from './bench-context';
import { csvBench } from './csv.bench';
import { usersBench } from './users.bench';
import { lifecycleSection } from './lifecycle.bench';
import { widgetBench } from './widget.bench';
import { bulkBench } from './bulk.bench';
import { loadBench } from './load.bench';

const sections: BenchSection[] = [usersBench, csvBench, lifecycleSection, widgetBench, bulkBench, loadBench];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length ? sections.filter((section) => wanted.includes(section.name)) : sections;
  if (chosen.length === 0) {
    process.stderr.write(`No such section. Sections: ${sections.map((section) => section.name).join(', ')}\n`);
    process.exit(2);
  }
  const session = await openBenchSession();
  try {
    for (const section of chosen) {
      const context = await session.contextFor(section.database ?? section.name);
      context.log(`== ${section.name}: ${section.description}`);
      await section.run(context);
    }
  } finally {
    await session.close();
  }
  process.stdout.write(`\n${session.tables.join('\n\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
