import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { applyFormField } from '../../src/admin/form-patch.js';
import { daoVariantOf } from '../../src/core/dao-variant.js';
import { toldName, villagerNameOf } from '../../src/handoff/villager-name.js';
import type { Entry } from '../../src/knowledge/types.js';
import { createLocales, type LocaleFile } from '../../src/replies/locales.js';
import { entryView, withDaoVariant } from '../../src/replies/localized-entry.js';

const silent = { warn: () => undefined };
const file = (lang: string, strings: Record<string, string>, review: 'reviewed' | 'draft' = 'reviewed'): LocaleFile => ({ meta: { lang: lang as never, name: lang, review }, strings });

describe('Dao: the umbrella a villager picks, a variant that wins', () => {
  const locales = createLocales(new Map([
    ['vi', file('vi', { hello: 'Xin chào', thanks: 'Cảm ơn' })],
    ['dao', file('dao', { hello: 'DAO-UMBRELLA hello', thanks: 'DAO-UMBRELLA thanks' })],
    ['dao-iumien', file('dao-iumien', { hello: 'IU-MIEN hello' })],
    ['dao-kimmun', file('dao-kimmun', { hello: 'KIM-MUN draft hello' }, 'draft')],
  ]), silent);

  it("a variant's own reviewed string wins; without one the umbrella's; a draft variant string is not shown", () => {
    expect(locales.t('dao-iumien', 'hello')).toBe('IU-MIEN hello');
    expect(locales.t('dao-iumien', 'thanks')).toBe('DAO-UMBRELLA thanks');
    expect(locales.t('dao-kimmun', 'hello')).toBe('DAO-UMBRELLA hello');
    expect(locales.has('dao-kimmun', 'thanks')).toBe(true);
  });

  it("an entry's variant text wins over the umbrella text field by field, each reviewed on its own", () => {
    const entry = {
      id: 'x', kind: 'procedure', curated: true, title: 'Đăng ký khai sinh', summary: 'Tóm tắt', domain: 'civil-status',
      dao: { review: 'reviewed', title: 'UMBRELLA title', summary: 'UMBRELLA summary', variants: { 'dao-iumien': { review: 'reviewed', title: 'IU MIEN title' }, 'dao-kimmun': { review: 'draft', title: 'KIM MUN draft title' } } },
    } as Entry;
    expect(entryView(withDaoVariant(entry, 'dao-iumien'), 'dao')).toMatchObject({ title: 'IU MIEN title', summary: 'UMBRELLA summary' });
    expect(entryView(withDaoVariant(entry, 'dao-kimmun'), 'dao').title).toBe('Đăng ký khai sinh');
    expect(entryView(withDaoVariant(entry, undefined), 'dao').title).toBe('UMBRELLA title');
  });

  it('the variant comes from the picker, else from the commune when communes.yaml names one', () => {
    const communes = [{ code: 'a', name: 'xã A', dao_variant: 'dao-kimmun' as const }, { code: 'b', name: 'xã B' }];
    expect(daoVariantOf({ daoVariant: 'dao-iumien', communeCode: 'a' }, communes)).toBe('dao-iumien');
    expect(daoVariantOf({ communeCode: 'a' }, communes)).toBe('dao-kimmun');
    expect(daoVariantOf({ communeCode: 'b' }, communes)).toBeUndefined();
  });
});

describe('cases name the villager', () => {
  it('by the platform name, else the name they told the bot (capitalised words only)', () => {
    expect(toldName('tên tôi là Lý Văn Páo, hỏi về sổ đỏ')).toBe('Lý Văn Páo');
    expect(toldName('em tên Hoa ạ')).toBe('Hoa');
    expect(toldName('tôi là người Dao ở Bình Liêu')).toBeUndefined();
    const messages = [{ from: 'user' as const, text: 'cho hỏi', at: 1 }, { from: 'user' as const, text: 'Tôi là Triệu Thị Mai', at: 2 }];
    expect(villagerNameOf({ messages })).toBe('Triệu Thị Mai');
    expect(villagerNameOf({ displayName: 'Mai Zalo', messages })).toBe('Mai Zalo');
  });
});

describe('entry form: translations and lists change only their lines', () => {
  const text = `id: x\ntitle: Đăng ký khai sinh\n# a comment that stays\naliases: [khai sinh, giấy khai sinh]\ntay:\n  review: reviewed\n  title: TÀY title\n`;

  it('a Tày title written on the form is a draft by its author; the rest of the override is untouched', () => {
    const doc = YAML.parseDocument(text);
    applyFormField(doc, 'translations', { tay: { title: 'TÀY title 2', summary: '' }, dao: { title: '', summary: '' } }, 'lan');
    const out = doc.toString();
    expect(YAML.parse(out).tay).toEqual({ review: 'reviewed', title: 'TÀY title 2', fields: { title: { review: 'draft', author: 'lan' } } });
    expect(YAML.parse(out).dao).toBeUndefined();
    expect(out).toContain('# a comment that stays');
  });

  it('a list keeps its flow style when one item is added', () => {
    const doc = YAML.parseDocument(text);
    applyFormField(doc, 'aliases', ['khai sinh', 'giấy khai sinh', 'làm khai sinh'], 'lan');
    expect(doc.toString()).toContain('aliases: [ khai sinh, giấy khai sinh, làm khai sinh ]');
  });

  it('a duration written on the form drops the case-by-case times of the old one; an unchanged one keeps them', () => {
    const cased = `${text}duration: 5–8 ngày làm việc, tùy trường hợp\nduration_cases:\n  - case: cấp lại\n    time: 5 ngày làm việc\n  - case: cấp mới\n    time: 8 ngày làm việc\n`;
    const same = YAML.parseDocument(cased);
    applyFormField(same, 'duration', '5–8 ngày làm việc, tùy trường hợp', 'lan');
    expect(YAML.parse(same.toString()).duration_cases).toHaveLength(2);
    const changed = YAML.parseDocument(cased);
    applyFormField(changed, 'duration', '8 ngày làm việc', 'lan');
    expect(YAML.parse(changed.toString())).toMatchObject({ duration: '8 ngày làm việc' });
    expect(YAML.parse(changed.toString()).duration_cases).toBeUndefined();
  });
});
