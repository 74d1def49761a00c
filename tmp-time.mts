import { loadKnowledge } from './src/knowledge/load.js';
import { buildMatcher } from './src/nlu/matcher.js';
import { readQuestions } from './src/bench/questions.js';
const kb = await loadKnowledge('/work/wt/nlu/knowledge');
const m = buildMatcher(kb);
const qs = await readQuestions(process.argv[2]!);
for (const q of qs) m.match(q.text);
const t: [number, string][] = [];
for (const q of qs) { const t0 = performance.now(); for (let i = 0; i < 5; i++) m.match(q.text); t.push([(performance.now() - t0) / 5, q.text]); }
t.sort((a, b) => b[0] - a[0]);
console.log(t.slice(0, 8).map(([a, b]) => a.toFixed(2) + ' ' + b).join('\n'));
