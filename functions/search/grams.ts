/**
 * Chinese text as overlapping bigrams, the way the CJK analyzers of search engines index it:
 * "加装电梯" → "加装 装电 电梯". FTS5's unicode61 tokenizer then sees each bigram as one token, and
 * a phrase of a query's bigrams matches exactly where the query occurs as a substring. Latin
 * letters and digits stay whole words (lower-cased); everything else separates.
 */

const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** The runs of a text: CJK runs and word runs, in order (NFKC: full-width letters become ASCII). */
function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
}

/** One run's tokens: bigrams of a CJK run (a single character stays alone), or the word itself. */
function runTokens(run: string): string[] {
  if (!HAN.test(run)) return [run];
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * The text to index: every run's tokens, space-separated. A CJK run also ends with its last
 * character alone, so that a one-character query (a prefix match) finds it there too: every other
 * character of the run starts a bigram (运输局 → 运输 输局 局).
 */
export function bigramText(text: string): string {
  return runs(text)
    .flatMap((run) => {
      const tokens = runTokens(run);
      const last = Array.from(run).at(-1);
      return HAN.test(run) && tokens.length > 1 && last ? [...tokens, last] : tokens;
    })
    .join(' ');
}

/**
 * An FTS5 MATCH expression for a query: each run becomes a phrase of its tokens (a substring
 * match), all runs must match; a lone CJK character matches bigrams that start with it. Tokens
 * hold only letters and digits, so quoting them is enough; null when the query has no runs.
 */
export function matchExpression(query: string): string | null {
  const phrases = runs(query).map((run) => {
    const tokens = runTokens(run);
    const phrase = `"${tokens.join(' ')}"`;
    return HAN.test(run) && tokens.length === 1 ? `${phrase}*` : phrase;
  });
  return phrases.length > 0 ? phrases.join(' AND ') : null;
}
