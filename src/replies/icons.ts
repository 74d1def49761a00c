/**
 * The fixed icon vocabulary for procedure steps (`steps[].icon` in knowledge entries).
 * Each name maps to an emoji for chat text and to a glyph DejaVu Sans can draw on card images
 * (cards are rendered without colour-emoji fonts, so they use plain symbols).
 */
export interface Icon {
  emoji: string;
  /** A symbol present in DejaVu Sans, drawn on the PNG card. */
  glyph: string;
}

export const ICONS: Readonly<Record<string, Icon>> = {
  document: { emoji: '📄', glyph: '✎' },
  documents: { emoji: '📄', glyph: '✎' },
  paper: { emoji: '📄', glyph: '✎' },
  form: { emoji: '📝', glyph: '✍' },
  write: { emoji: '✍️', glyph: '✍' },
  sign: { emoji: '✍️', glyph: '✍' },
  id: { emoji: '🪪', glyph: '☺' },
  id_card: { emoji: '🪪', glyph: '☺' },
  person: { emoji: '🧑', glyph: '☺' },
  family: { emoji: '👨‍👩‍👧', glyph: '☺' },
  baby: { emoji: '👶', glyph: '☺' },
  photo: { emoji: '📷', glyph: '◙' },
  office: { emoji: '🏢', glyph: '⌂' },
  building: { emoji: '🏢', glyph: '⌂' },
  home: { emoji: '🏠', glyph: '⌂' },
  house: { emoji: '🏠', glyph: '⌂' },
  land: { emoji: '🗺️', glyph: '▦' },
  map: { emoji: '🗺️', glyph: '▦' },
  submit: { emoji: '📥', glyph: '➜' },
  send: { emoji: '📤', glyph: '➜' },
  go: { emoji: '🚶', glyph: '➜' },
  walk: { emoji: '🚶', glyph: '➜' },
  online: { emoji: '🌐', glyph: '☏' },
  phone: { emoji: '📱', glyph: '☏' },
  computer: { emoji: '💻', glyph: '☏' },
  login: { emoji: '🔑', glyph: '⚷' },
  key: { emoji: '🔑', glyph: '⚷' },
  upload: { emoji: '⬆️', glyph: '↑' },
  download: { emoji: '⬇️', glyph: '↓' },
  search: { emoji: '🔍', glyph: '⚲' },
  check: { emoji: '✅', glyph: '✔' },
  verify: { emoji: '🔎', glyph: '✔' },
  approve: { emoji: '✅', glyph: '✔' },
  stamp: { emoji: '🔖', glyph: '✔' },
  pay: { emoji: '💰', glyph: '₫' },
  fee: { emoji: '💰', glyph: '₫' },
  money: { emoji: '💰', glyph: '₫' },
  wait: { emoji: '⏳', glyph: '◔' },
  time: { emoji: '⏱️', glyph: '◔' },
  calendar: { emoji: '📅', glyph: '▤' },
  receive: { emoji: '📬', glyph: '✉' },
  result: { emoji: '📬', glyph: '✉' },
  mail: { emoji: '✉️', glyph: '✉' },
  notify: { emoji: '🔔', glyph: '♪' },
  call: { emoji: '📞', glyph: '☎' },
  question: { emoji: '❓', glyph: '?' },
  info: { emoji: 'ℹ️', glyph: 'ℹ' },
  warning: { emoji: '⚠️', glyph: '⚠' },
  health: { emoji: '🏥', glyph: '✚' },
  hospital: { emoji: '🏥', glyph: '✚' },
  car: { emoji: '🚗', glyph: '➜' },
  vehicle: { emoji: '🚗', glyph: '➜' },
  school: { emoji: '🏫', glyph: '⌂' },
  law: { emoji: '⚖️', glyph: '⚖' },
  court: { emoji: '⚖️', glyph: '⚖' },
  print: { emoji: '🖨️', glyph: '▤' },
  copy: { emoji: '📑', glyph: '▤' },
  bank: { emoji: '🏦', glyph: '₫' },
  farm: { emoji: '🌾', glyph: '❀' },
  animal: { emoji: '🐄', glyph: '❀' },
  tree: { emoji: '🌳', glyph: '❀' },
  business: { emoji: '🏪', glyph: '⌂' },
  border: { emoji: '🛂', glyph: '⚑' },
  camera: { emoji: '📷', glyph: '◙' },
  shield: { emoji: '🛡️', glyph: '⚠' },
  truck: { emoji: '🚚', glyph: '➜' },
  leaf: { emoji: '🌿', glyph: '❀' },
  shop: { emoji: '🏪', glyph: '⌂' },
  qr: { emoji: '🔳', glyph: '▦' },
  box: { emoji: '📦', glyph: '▤' },
};

/** Shown for a name outside the vocabulary, so an unknown icon never breaks a reply. */
export const FALLBACK_ICON: Icon = { emoji: '▶️', glyph: '●' };

/** The icon for a step's `icon` name (case and dashes ignored). */
export function iconFor(name: string | undefined): Icon {
  if (!name) return FALLBACK_ICON;
  return ICONS[name.trim().toLowerCase().replace(/[-\s]+/g, '_')] ?? FALLBACK_ICON;
}

/** Icons for the fixed parts of an answer (title line, papers, fee…). */
export const PART_ICONS = {
  procedure: '📋',
  guide: '💡',
  documents: '🗂️',
  checkbox: '☐',
  fee: '💰',
  duration: '⏱️',
  where: '📍',
  online: '🌐',
  legal: '⚖️',
  unknown: '❔',
  glossary: '📖',
} as const;
