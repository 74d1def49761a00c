import { Type, type Static } from '@sinclair/typebox';

/**
 * The knowledge-entry format. The TypeBox schema is the single source: the TypeScript type, the
 * run-time validation and knowledge/schema.json are all derived from it.
 */

export const ReviewStatus = Type.Union([Type.Literal('reviewed'), Type.Literal('draft')]);

/** Longest step a phone screen shows without scrolling sideways in a chat bubble (~3 lines). */
export const MAX_STEP_CHARS = 120;

/** The procedure folders under knowledge/procedures/ (and `digital-skills` for guides). */
export const DOMAINS = [
  'civil-status', 'residence-id', 'land', 'construction', 'business', 'social-welfare', 'health-insurance',
  'transport', 'justice', 'border-trade', 'agriculture', 'education', 'labour', 'health', 'culture',
  'finance-tax', 'environment', 'industry-trade', 'other', 'digital-skills',
] as const;
export type DomainT = (typeof DOMAINS)[number];
export const Domain = Type.Union(DOMAINS.map((d) => Type.Literal(d)), {
  description: 'Topic folder: procedures/<domain>/ (guides use digital-skills).',
});

export const Step = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: MAX_STEP_CHARS, description: `One short imperative sentence (at most ${MAX_STEP_CHARS} characters).` }),
    icon: Type.String({ minLength: 1, description: 'Icon name (see src/replies/icons.ts).' }),
  },
  { additionalProperties: false },
);

export const DocumentItem = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Everyday name first (plain words), as a villager would say it.' }),
    original: Type.Optional(Type.Integer({ minimum: 0 })),
    copy: Type.Optional(Type.Integer({ minimum: 0 })),
    note: Type.Optional(Type.String()),
    form: Type.Optional(Type.String({ description: 'Form code or form name from the record (e.g. "Mẫu TK1-TS").' })),
    official: Type.Optional(Type.String({ description: 'The official wording from the record, shown behind "Xem thêm".' })),
  },
  { additionalProperties: false },
);

export const Online = Type.Object(
  {
    mode: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]),
    url: Type.Optional(Type.String({ format: 'uri' })),
  },
  { additionalProperties: false },
);

/** Who translated one field of an override and whether a second translator reviewed it (the translation page). */
export const FieldReview = Type.Object(
  { review: ReviewStatus, author: Type.Optional(Type.String()), reviewer: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

/** Text for one Dao variant (dao-iumien, dao-kimmun): wins over the umbrella `dao:` text for villagers who chose it. */
export const VariantOverride = Type.Object(
  {
    review: ReviewStatus,
    fields: Type.Optional(Type.Record(Type.String(), FieldReview)),
    title: Type.Optional(Type.String()),
    summary: Type.Optional(Type.String()),
    steps: Type.Optional(Type.Array(Step)),
    glossary: Type.Optional(Type.Record(Type.String(), Type.String())),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const LanguageOverride = Type.Object(
  {
    review: ReviewStatus,
    fields: Type.Optional(Type.Record(Type.String(), FieldReview, { description: 'Per-field review status and translator; overrides `review` for that field.' })),
    title: Type.Optional(Type.String()),
    summary: Type.Optional(Type.String()),
    steps: Type.Optional(Type.Array(Step)),
    examples: Type.Optional(Type.Array(Type.String())),
    glossary: Type.Optional(Type.Record(Type.String(), Type.String())),
    source: Type.Optional(Type.String()),
    // Partial: a Record over literal keys would require both variants
    variants: Type.Optional(Type.Partial(Type.Record(Type.Union([Type.Literal('dao-iumien'), Type.Literal('dao-kimmun')]), VariantOverride), {
      description: 'dao: only: text for one Dao language (Iu Mien, Kim Mun) that wins over the umbrella text for villagers who chose it.',
    })),
  },
  { additionalProperties: false },
);

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const CHANNEL_MODES = ['in_person', 'online', 'post'] as const;
export type ChannelModeT = (typeof CHANNEL_MODES)[number];

/** How a procedure can be filed, with the time and fee the record gives for that way. */
export const SubmissionChannel = Type.Object(
  {
    mode: Type.Union(CHANNEL_MODES.map((m) => Type.Literal(m))),
    duration: Type.Optional(Type.String({ description: 'Processing time as the record states it for this channel.' })),
    fee: Type.Optional(Type.String({ description: 'Fee text for this channel (plain words).' })),
    fee_vnd: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { description: 'Amounts in đồng stated by the record.' })),
    fee_free: Type.Optional(Type.Boolean({ description: 'true when the record says no fee for this channel.' })),
    exemption: Type.Optional(Type.String({ description: 'Who pays less or nothing, from the record.' })),
    valid_until: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

/** One processing time a record gives for one case; `case` is absent for the time it gives without one. */
export const CaseTime = Type.Object(
  {
    case: Type.Optional(Type.String({ description: 'The case in the record\'s words ("cấp lại Giấy xác nhận").' })),
    time: Type.String({ description: 'The time the record states for that case ("5 ngày làm việc").' }),
  },
  { additionalProperties: false },
);

/** The official full text, kept for "📚 Xem thêm" (split into phone-sized parts when shown). */
export const OfficialText = Type.Object(
  {
    title: Type.Optional(Type.String()),
    steps: Type.Optional(Type.Array(Type.String())),
    documents: Type.Optional(Type.Array(Type.String())),
    conditions: Type.Optional(Type.String()),
    fee: Type.Optional(Type.String()),
    duration: Type.Optional(Type.String()),
    agency: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const Level = Type.Union([
  Type.Literal('commune'),
  Type.Literal('district'),
  Type.Literal('province'),
  Type.Literal('ministry'),
  Type.Literal('other'),
]);

export const Entry = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'National procedure code (e.g. 1.001193) or a readable slug.' }),
    kind: Type.Union([Type.Literal('procedure'), Type.Literal('guide'), Type.Literal('faq')]),
    curated: Type.Boolean({ description: 'true when every field was filled by hand from the sources.' }),
    title: Type.String({ minLength: 1 }),
    short_title: Type.Optional(Type.String({ maxLength: 80, description: 'Short everyday name shown first; the official title goes behind "Xem thêm".' })),
    summary: Type.Optional(Type.String()),
    aliases: Type.Optional(Type.Array(Type.String())),
    examples: Type.Optional(Type.Array(Type.String())),
    keywords: Type.Optional(Type.Array(Type.String())),
    domain: Domain,
    level: Type.Optional(Level),
    levels: Type.Optional(Type.Array(Level, { description: 'Every level that carries out the procedure (level is the one nearest the villager).' })),
    agency: Type.Optional(Type.String()),
    online: Type.Optional(Online),
    where: Type.Optional(Type.String()),
    documents: Type.Optional(Type.Array(DocumentItem)),
    fee: Type.Optional(Type.String()),
    duration: Type.Optional(Type.String()),
    duration_cases: Type.Optional(Type.Array(CaseTime, { minItems: 2, description: 'When the record gives the time case by case: each case and its time (duration then reads "5–8 ngày làm việc, tùy trường hợp").' })),
    channels: Type.Optional(Type.Array(SubmissionChannel)),
    valid_until: Type.Optional(Type.Record(Type.String(), IsoDate, { description: 'Field name (fee, duration, documents, …) → last day the stated fact holds.' })),
    steps: Type.Optional(Type.Array(Step)),
    conditions: Type.Optional(Type.Array(Type.String())),
    result: Type.Optional(Type.String({ description: 'The paper the villager gets at the end.' })),
    official: Type.Optional(OfficialText),
    legal_basis: Type.Optional(Type.Array(Type.String())),
    sources: Type.Optional(Type.Array(Type.String())),
    updated: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD: when the facts were last checked.' })),
    reviewed: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD: when a person checked a curated entry against its sources.' })),
    border_area: Type.Optional(Type.Boolean()),
    related: Type.Optional(Type.Array(Type.String())),
    tay: Type.Optional(LanguageOverride),
    dao: Type.Optional(LanguageOverride),
    en: Type.Optional(LanguageOverride),
  },
  { additionalProperties: false },
);

export type Entry = Static<typeof Entry>;
export type StepT = Static<typeof Step>;
export type DocumentItemT = Static<typeof DocumentItem>;
export type LanguageOverrideT = Static<typeof LanguageOverride>;
export type SubmissionChannelT = Static<typeof SubmissionChannel>;
export type OfficialTextT = Static<typeof OfficialText>;
export type CaseTimeT = Static<typeof CaseTime>;

/** A lexicon maps what people type to what the entries say. */
export interface Lexicon {
  /** abbreviation or everyday phrase (folded) → replacement phrase */
  replacements: Map<string, string>;
  /** Tày / Dao marker words (folded) → language, for detection */
  languageMarkers: Map<string, 'tay' | 'dao'>;
  /** everyday / Tày / Dao phrase → official term; both are kept for matching (src/nlu/lexicon.ts) */
  synonyms?: Map<string, string>;
  /** phrases naming topics the bot does not handle (weather, football…) */
  outOfScope?: string[];
}

export const CommuneSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, description: 'Administrative unit code.' }),
    name: Type.String({ minLength: 1 }),
    kind: Type.Optional(Type.Union([Type.Literal('xa'), Type.Literal('phuong'), Type.Literal('dac-khu')])),
    area: Type.Optional(Type.String()),
    border: Type.Optional(Type.Boolean()),
    dao_variant: Type.Optional(Type.Union([Type.Literal('dao-iumien'), Type.Literal('dao-kimmun')], { description: 'The Dao language spoken in this commune, when a source names it: a Dao villager from here is not asked.' })),
  },
  { additionalProperties: false },
);

export interface Commune {
  code: string;
  name: string;
  /** Former district / town the commune belongs to, for search. */
  area?: string;
  border?: boolean;
  /** xa (rural commune), phuong (ward) or dac-khu (special zone). */
  kind?: 'xa' | 'phuong' | 'dac-khu';
  /** The Dao language of the commune, when a source names it (else the villager is asked). */
  dao_variant?: 'dao-iumien' | 'dao-kimmun';
}

/** One loaded, immutable knowledge base. Swapped whole on reload. */
export interface KnowledgeBase {
  entries: Map<string, Entry>;
  list: Entry[];
  /** file path (relative to the knowledge root) for each entry id */
  files: Map<string, string>;
  lexicon: Lexicon;
  communes: Commune[];
  version: number;
  loadedAt: number;
}
