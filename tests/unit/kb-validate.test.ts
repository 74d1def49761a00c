import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKnowledge, loadKnowledge, KnowledgeLoadError } from '../../src/knowledge/load.js';
import { formatProblem } from '../../src/knowledge/problems.js';
import { validateEntryText } from '../../src/knowledge/validate.js';
import { entryYaml, makeKnowledge } from '../helpers/kb-fixture.js';

const F = 'procedures/agriculture/1.000001.yaml';
const G = 'procedures/agriculture/1.000002.yaml';
const NOW = new Date('2026-11-29T00:00:00Z');
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** Breaks a copy of a two-entry KB by replacing F, and returns every problem as file:line:col text. */
async function problemsWith(text: string | Buffer): Promise<string[]> {
  const root = makeKnowledge({ [F]: text, [G]: entryYaml('1.000002') });
  roots.push(root);
  const report = await checkKnowledge(root, { now: NOW });
  return report.problems.map(formatProblem);
}

describe('knowledge validation points at the offending node', () => {
  it('accepts a good entry', async () => {
    expect(await problemsWith(entryYaml('1.000001'))).toEqual([]);
  });

  it('names unknown fields and lists the allowed ones', async () => {
    const [p] = await problemsWith(entryYaml('1.000001', {}, 'titel: x\n'));
    expect(p).toMatch(/^procedures\/agriculture\/1\.000001\.yaml:8:1 unknown field "titel"; allowed: id, kind, curated, title,/);
  });

  it('reports a missing field, a wrong type and a value outside the allowed list', async () => {
    const text = entryYaml('1.000001', { level: 'xa', curated: '"no"' }).replace('title: Đăng ký nuôi ong mật\n', '');
    expect(await problemsWith(text)).toEqual([
      `${F}:2:1 missing field "title"`,
      `${F}:4:10 curated must be true or false, got "no"`,
      `${F}:6:8 level must be one of: commune, district, province, ministry, other (got "xa")`,
    ]);
  });

  it('rejects a step too long for a phone screen (120 characters)', async () => {
    const text = entryYaml('1.000001', {}, `steps:\n  - text: ${'Nộp hồ sơ '.repeat(13)}\n    icon: paper\n`);
    expect(await problemsWith(text)).toEqual([`${F}:9:11 steps[0].text is 129 characters; a step must fit a phone screen: at most 120`]);
  });

  it('requires sources on a curated entry and warns when updated is over a year old', async () => {
    const text = entryYaml('1.000001', { curated: 'true', updated: '2025-01-02' });
    expect(await problemsWith(text)).toEqual([
      `${F}:4:1 curated entry needs sources: the URLs or documents its facts come from`,
      `${F}:8:10 warning: updated 2025-01-02 is more than a year old; check the facts against the sources`,
    ]);
  });

  it('reports duplicate ids and related ids that point nowhere', async () => {
    expect(await problemsWith(entryYaml('1.000002', {}, 'related: ["1.000002", "9.999999"]\n'))).toEqual([
      `${F}:2:5 warning: id "1.000002" differs from the file name "1.000001"; name the file <id>.yaml`,
      `${G}:2:5 duplicate id "1.000002" (also in ${F})`,
      `${F}:8:23 related "9.999999" points to no entry`,
    ]);
  });

  it('rejects a 50 MB file without parsing it', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a');
    expect(await problemsWith(big)).toEqual([`${F}:1:1 file is 50.0 MB; an entry file must be under 512 KB`]);
  });

  it('rejects a YAML alias bomb', async () => {
    const bomb = `${entryYaml('1.000001')}a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    expect(await problemsWith(bomb)).toEqual([`${F}:9:8 too many YAML aliases (more than 50 expansions); write the values out instead`]);
  });

  it('accepts a byte-order mark and CRLF line ends', async () => {
    expect(await problemsWith(`\uFEFF${entryYaml('1.000001').replace(/\n/g, '\r\n')}`)).toEqual([]);
    expect(await problemsWith(`${entryYaml('1.000001', { level: 'xa' }).replace(/\n/g, '\r\n')}`)).toEqual([
      `${F}:7:8 level must be one of: commune, district, province, ministry, other (got "xa")`,
    ]);
  });

  it('rejects a duplicate key and tab indentation', async () => {
    expect(await problemsWith(entryYaml('1.000001', {}, 'title: again\n'))).toEqual([`${F}:8:1 duplicate key: each field may appear only once`]);
    expect(await problemsWith(entryYaml('1.000001', {}, 'online:\n\tmode: full\n'))).toEqual([`${F}:9:1 tab used for indentation; indent with spaces`]);
  });

  it('rejects a file that is not UTF-8', async () => {
    const latin1 = Buffer.from(entryYaml('1.000001', { title: 'Dang ky XXX' }).replace('XXX', 'caf\u00e9'), 'latin1');
    expect(await problemsWith(latin1)).toEqual([`${F}:5:19 file is not UTF-8 (byte 0xE9); save it with UTF-8 encoding`]);
  });

  it('throws KnowledgeLoadError carrying the problems, so the app never starts on a broken KB', async () => {
    const root = makeKnowledge({ [F]: entryYaml('1.000001', { level: 'xa' }) });
    roots.push(root);
    await expect(loadKnowledge(root)).rejects.toThrow(KnowledgeLoadError);
    await expect(loadKnowledge(root)).rejects.toThrow(/1\.000001\.yaml:7:8 level must be one of/);
  });

  it('validates text as-you-type with the same rules (admin editor)', () => {
    const check = validateEntryText(F, entryYaml('1.000001', { domain: 'land' }));
    expect(check.entry).toBeUndefined();
    expect(check.problems.map(formatProblem)).toEqual([`${F}:6:9 domain "land" does not match the folder procedures/agriculture/; move the file or fix the domain`]);
    expect(validateEntryText(F, entryYaml('1.000001')).entry?.title).toBe('Đăng ký nuôi ong mật');
  });

  it('re-reads a file only when it changed', async () => {
    const root = makeKnowledge({ [F]: entryYaml('1.000001') });
    roots.push(root);
    expect((await loadKnowledge(root)).entries.get('1.000001')?.title).toBe('Đăng ký nuôi ong mật');
    writeFileSync(path.join(root, F), entryYaml('1.000001', { title: 'Nuôi ong' }));
    expect((await loadKnowledge(root)).entries.get('1.000001')?.title).toBe('Nuôi ong');
  });
});
