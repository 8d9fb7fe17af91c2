/**
 * The shape every catalogue has: the keys of the English one (en.ts), each a sentence, or, where a
 * count decides the words, one sentence per plural category of the language (Intl.PluralRules).
 */
import type { en } from './en';

/** `other` is the form every language has; the rest are the ones its plural rules can select. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Message = string | PluralForms;

export type Key = keyof typeof en;

/**
 * A complete catalogue: TypeScript refuses one that lacks a key of `en`, names a key `en` does
 * not have, or gives a plain sentence where English counts (or the other way round).
 */
export type Catalogue = { readonly [K in Key]: (typeof en)[K] extends string ? string : PluralForms };

/** Values put into a sentence's {placeholders}; `count` also picks the plural form. */
export type Params = Readonly<Record<string, string | number>>;
