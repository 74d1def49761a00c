import { Type, type Static } from '@sinclair/typebox';

/**
 * The knowledge-entry format. The TypeBox schema is the single source: the TypeScript type, the
 * run-time validation and knowledge/schema.json are all derived from it.
 */

export const ReviewStatus = Type.Union([Type.Literal('reviewed'), Type.Literal('draft')]);

export const Step = Type.Object(
  {
    text: Type.String({ minLength: 1, description: 'One short imperative sentence.' }),
    icon: Type.String({ minLength: 1, description: 'Icon name (see src/replies/icons.ts).' }),
  },
  { additionalProperties: false },
);

export const DocumentItem = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    original: Type.Optional(Type.Integer({ minimum: 0 })),
    copy: Type.Optional(Type.Integer({ minimum: 0 })),
    note: Type.Optional(Type.String()),
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

export const LanguageOverride = Type.Object(
  {
    review: ReviewStatus,
    title: Type.Optional(Type.String()),
    summary: Type.Optional(Type.String()),
    steps: Type.Optional(Type.Array(Step)),
    examples: Type.Optional(Type.Array(Type.String())),
    glossary: Type.Optional(Type.Record(Type.String(), Type.String())),
    source: Type.Optional(Type.String()),
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
    summary: Type.Optional(Type.String()),
    aliases: Type.Optional(Type.Array(Type.String())),
    examples: Type.Optional(Type.Array(Type.String())),
    keywords: Type.Optional(Type.Array(Type.String())),
    domain: Type.String({ minLength: 1 }),
    level: Type.Optional(Level),
    agency: Type.Optional(Type.String()),
    online: Type.Optional(Online),
    where: Type.Optional(Type.String()),
    documents: Type.Optional(Type.Array(DocumentItem)),
    fee: Type.Optional(Type.String()),
    duration: Type.Optional(Type.String()),
    steps: Type.Optional(Type.Array(Step)),
    legal_basis: Type.Optional(Type.Array(Type.String())),
    sources: Type.Optional(Type.Array(Type.String())),
    updated: Type.Optional(Type.String({ description: 'YYYY-MM-DD: when the facts were last checked.' })),
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

/** A lexicon maps what people type to what the entries say. */
export interface Lexicon {
  /** abbreviation or everyday phrase (folded) → replacement phrase */
  replacements: Map<string, string>;
  /** Tày / Dao marker words (folded) → language, for detection */
  languageMarkers: Map<string, 'tay' | 'dao'>;
}

export interface Commune {
  code: string;
  name: string;
  /** Former district / town the commune belongs to, for search. */
  area?: string;
  border?: boolean;
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
